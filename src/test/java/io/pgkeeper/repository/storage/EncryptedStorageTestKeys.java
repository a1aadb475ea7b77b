package io.pgkeeper.repository.storage;

import io.pgkeeper.crypto.AgeIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** An identity file for the storage tests, mode 0600. */
final class EncryptedStorageTestKeys {
    private EncryptedStorageTestKeys() {}

    static Path write(Path dir, AgeIdentity id) throws IOException {
        Path f = Files.writeString(Files.createTempFile(dir, "identity", ".txt"), id.encoded() + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }
}
