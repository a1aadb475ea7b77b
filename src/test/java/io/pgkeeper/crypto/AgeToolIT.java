package io.pgkeeper.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Shell;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgkeeper's in-process age against the reference tool (Debian's age, installed by
 * scripts/test): what pgkeeper writes, {@code age -d -i} reads; what {@code age -r} writes,
 * pgkeeper reads; and a key {@code age-keygen} made works for both. Sizes cross the 64 KiB
 * chunk boundary, where a STREAM implementation goes wrong first.
 */
class AgeToolIT {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void filesPgkeeperWritesDecryptWithAgeAndFilesAgeWritesDecryptWithPgkeeper() throws Exception {
        Cli.Result keygen = run("age-keygen", "-o", dir.resolve("identity.txt").toString());
        assertEquals(0, keygen.exitCode(), keygen.err());
        Path identityFile = dir.resolve("identity.txt");
        Files.setPosixFilePermissions(identityFile, PosixFilePermissions.fromString("rw-------"));
        List<AgeIdentity> ids = AgeIdentityFile.read(identityFile);
        Cli.Result pub = run("age-keygen", "-y", identityFile.toString());
        assertEquals(pub.out().strip(), ids.get(0).recipient().encoded(), "the same public key from the same identity");
        AgeRecipient recipient = AgeRecipient.parse(pub.out().strip());

        for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17}) {
            byte[] plain = new byte[size];
            new Random(size).nextBytes(plain);

            ByteArrayOutputStream enc = new ByteArrayOutputStream();
            try (AgeOutputStream out = AgeEncryptor.to(List.of(recipient)).open(enc)) {
                out.write(plain);
            }
            Path ours = dir.resolve("ours-" + size + ".age");
            Files.write(ours, enc.toByteArray());
            Path back = dir.resolve("back-" + size);
            // through the shell's redirection: age -o creates no file for an empty plaintext
            Cli.Result d = Shell.sh(dir, ENV, "age -d -i '" + identityFile + "' '" + ours + "' > '" + back + "'");
            assertEquals(0, d.exitCode(), size + ": " + d.err());
            assertArrayEquals(plain, Files.readAllBytes(back), "age reads what pgkeeper wrote, " + size + " bytes");

            Path plainFile = dir.resolve("plain-" + size);
            Files.write(plainFile, plain);
            Path theirs = dir.resolve("theirs-" + size + ".age");
            Cli.Result e = run("age", "-r", recipient.encoded(), "-o", theirs.toString(), plainFile.toString());
            assertEquals(0, e.exitCode(), e.err());
            try (AgeInputStream in = AgeDecryptor.with(ids).open(new ByteArrayInputStream(Files.readAllBytes(theirs)))) {
                assertArrayEquals(plain, in.readAllBytes(), "pgkeeper reads what age wrote, " + size + " bytes");
            }
        }
    }

    @Test
    void ageRefusesAFilePgkeeperWroteForAnotherKeyAsPgkeeperDoes() throws Exception {
        Path mine = dir.resolve("mine.txt");
        Path other = dir.resolve("other.txt");
        assertEquals(0, run("age-keygen", "-o", mine.toString()).exitCode());
        assertEquals(0, run("age-keygen", "-o", other.toString()).exitCode());
        AgeRecipient to = AgeIdentityFile.read(mine).get(0).recipient();
        ByteArrayOutputStream enc = new ByteArrayOutputStream();
        try (AgeOutputStream out = AgeEncryptor.to(List.of(to)).open(enc)) {
            out.write("secret rows".getBytes());
        }
        Path f = dir.resolve("f.age");
        Files.write(f, enc.toByteArray());
        assertNotEquals(0, run("age", "-d", "-i", other.toString(), f.toString()).exitCode(), "age: no identity matched");
        AgeException e = org.junit.jupiter.api.Assertions.assertThrows(AgeException.class,
                () -> AgeDecryptor.with(AgeIdentityFile.read(other)).open(new ByteArrayInputStream(enc.toByteArray())));
        assertEquals(AgeException.Reason.NO_MATCH, e.reason());
    }

    private Cli.Result run(String... argv) {
        return Shell.run(dir, ENV, List.of(argv), Duration.ofMinutes(1));
    }
}
