package io.pgkeeper.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The permissions an AWS-style credentials file may have: it holds a secret key, so only its owner may read it. */
class CredentialsFileTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path dir;

    private Path file(String mode) throws IOException {
        Path f = dir.resolve("s3.credentials");
        Files.writeString(f, "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = " + SECRET + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @ParameterizedTest
    @CsvSource({"rw-------", "r--------"})
    void aFileOnlyItsOwnerCanReadIsRead(String mode) throws IOException {
        assertEquals(new S3Credentials("AKIDEXAMPLE", SECRET, Optional.empty()), CredentialsFile.read(file(mode), "default"));
    }

    @ParameterizedTest
    @CsvSource({"rw-r-----, 0640, its group", "r--r-----, 0440, its group", "rw-rw----, 0660, its group",
            "rw----r--, 0604, every user on this host", "rw-r--r--, 0644, every user on this host"})
    void aFileTheGroupOrOtherUsersCanReadIsRefusedNamingTheFileItsModeAndTheFix(String mode, String octal, String who) throws IOException {
        Path f = file(mode);
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> CredentialsFile.read(f, "default"));
        assertEquals(StoreFailure.CONFIGURATION, e.failure());
        assertTrue(e.getMessage().contains("the S3 credentials file " + f + " has mode " + octal), e.getMessage());
        assertTrue(e.getMessage().contains("can be read by " + who), e.getMessage());
        assertTrue(e.hint().orElseThrow().startsWith("chmod 600 " + f), e.hint().toString());
        assertFalse(e.getMessage().contains(SECRET) || e.hint().orElseThrow().contains(SECRET));
    }
}
