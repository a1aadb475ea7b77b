package io.pgkeeper.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgeCryptoTest {
    @TempDir
    Path dir;

    @Test
    void theSpecificationsExampleKeyHasItsRecipient() {
        AgeIdentity id = AgeIdentity.parse("AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX");
        assertEquals("age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj", id.recipient().encoded());
        assertEquals("AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX", id.encoded());
        assertFalse(id.toString().contains("AGE-SECRET-KEY"), "toString never shows the secret");
    }

    @Test
    void everyChunkBoundaryRoundTripsAndBothDigestsAreComputedOnTheWay() throws Exception {
        AgeIdentity id = AgeIdentity.generate();
        AgeEncryptor enc = AgeEncryptor.to(List.of(id.recipient()));
        AgeDecryptor dec = AgeDecryptor.with(List.of(id));
        Random random = new Random(42);
        for (int size : new int[] {0, 1, 65535, 65536, 65537, 2 * 65536, 3 * 65536 + 5, 1_000_003}) {
            byte[] plain = new byte[size];
            random.nextBytes(plain);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AgeOutputStream o = enc.open(out);
            for (int off = 0; off < size; off += 7777) {
                o.write(plain, off, Math.min(7777, size - off)); // writes that straddle chunk boundaries
            }
            o.finish();
            assertEquals(sha256(plain), o.plaintextSha256());
            byte[] stored = out.toByteArray();
            long chunks = Math.max(1, (size + 65535) / 65536);
            assertTrue(stored.length == headerLength(stored) + 16 + size + 16 * chunks, "size " + size + ": one tag per 64 KiB chunk");
            try (AgeInputStream in = dec.open(new ByteArrayInputStream(stored))) {
                assertArrayEquals(plain, in.readAllBytes(), "size " + size);
                assertEquals(sha256(plain), in.plaintextSha256());
                assertEquals(sha256(stored), in.ciphertextSha256());
                assertEquals(size, in.plaintextSize());
            }
        }
    }

    @Test
    void anyRecipientsIdentityDecryptsAndAnotherIdentityIsAClearNoMatch() throws IOException {
        AgeIdentity a = AgeIdentity.generate();
        AgeIdentity b = AgeIdentity.generate();
        AgeEncryptor enc = AgeEncryptor.to(List.of(a.recipient(), b.recipient()));
        byte[] plain = "two recipients".getBytes();
        assertArrayEquals(plain, AgeTestVectorsTest.roundTrip(enc, AgeDecryptor.with(List.of(a)), plain));
        assertArrayEquals(plain, AgeTestVectorsTest.roundTrip(enc, AgeDecryptor.with(List.of(AgeIdentity.generate(), b)), plain));
        AgeException e = assertThrows(AgeException.class,
                () -> AgeTestVectorsTest.roundTrip(enc, AgeDecryptor.with(List.of(AgeIdentity.generate())), plain));
        assertEquals(AgeException.Reason.NO_MATCH, e.reason());
        assertTrue(e.getMessage().contains("encrypted to other recipients"), e.getMessage());
    }

    @Test
    void aDamagedOrTruncatedObjectFailsInsteadOfEndingShort() throws IOException {
        AgeIdentity id = AgeIdentity.generate();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AgeOutputStream o = AgeEncryptor.to(List.of(id.recipient())).open(out)) {
            o.write(new byte[200_000]);
        }
        byte[] good = out.toByteArray();
        byte[] flipped = good.clone();
        flipped[good.length - 100] ^= 1;
        byte[] truncated = java.util.Arrays.copyOf(good, headerLength(good) + 16 + 65536 + 16);
        for (byte[] bad : List.of(flipped, truncated)) {
            AgeException e = assertThrows(AgeException.class, () -> {
                try (AgeInputStream in = AgeDecryptor.with(List.of(id)).open(new ByteArrayInputStream(bad))) {
                    in.readAllBytes();
                }
            });
            assertEquals(AgeException.Reason.PAYLOAD, e.reason());
        }
    }

    @Test
    void badRecipientsAreRefusedWithTheReason() {
        String good = AgeIdentity.generate().recipient().encoded();
        String typo = good.substring(0, 10) + (good.charAt(10) == 'q' ? 'p' : 'q') + good.substring(11);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgeRecipient.parse(typo)).getMessage().contains("checksum"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgeRecipient.parse("ssh-ed25519 AAAA")).getMessage().contains("SSH"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgeRecipient.parse("age1pq1abc")).getMessage().contains("post-quantum"));
        String zero = Bech32.encode("age", new byte[32], false);
        AgeException e = assertThrows(AgeException.class, () -> AgeEncryptor.to(List.of(AgeRecipient.parse(zero))));
        assertEquals(AgeException.Reason.KEYS, e.reason());
        assertEquals(AgeException.Reason.KEYS, assertThrows(AgeException.class, () -> AgeEncryptor.to(List.of())).reason());
    }

    @Test
    void identityFilesAreReadLikeAgeKeygensAndNeverQuoted() throws IOException {
        AgeIdentity id = AgeIdentity.generate();
        Path file = dir.resolve("identity.txt");
        Files.writeString(file, "# created: 2025-01-01T00:00:00Z\n# public key: " + id.recipient().encoded() + "\n" + id.encoded() + "\n\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(id.recipient(), AgeIdentityFile.read(file).get(0).recipient());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        AgeException open = assertThrows(AgeException.class, () -> AgeIdentityFile.read(file));
        assertTrue(open.getMessage().contains("every user"), open.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        AgeException group = assertThrows(AgeException.class, () -> AgeIdentityFile.read(file));
        assertTrue(group.getMessage().contains("its group") && group.hint().orElseThrow().contains("chmod 600"), group.getMessage());

        Path bad = dir.resolve("bad.txt");
        // another character of bech32's alphabet at 40: the checksum no longer matches (never the same one: 1 in 32 keys has X there)
        String broken = id.encoded().substring(0, 40) + (id.encoded().charAt(40) == 'X' ? "Q" : "X") + id.encoded().substring(41);
        Files.writeString(bad, "# comment\n" + broken + "\n");
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-------"));
        AgeException e = assertThrows(AgeException.class, () -> AgeIdentityFile.read(bad));
        assertTrue(e.getMessage().startsWith(bad + ":2: "), e.getMessage());
        assertFalse(e.getMessage().contains(broken.substring(15, 40)), "the message never quotes the key");

        AgeException missing = assertThrows(AgeException.class, () -> AgeIdentityFile.read(dir.resolve("none")));
        assertEquals(AgeException.Reason.KEYS, missing.reason());
        assertTrue(missing.hint().orElseThrow().contains("encryption.identityFile"));
    }

    /** The header ends at the newline after "--- MAC". */
    static int headerLength(byte[] file) {
        for (int i = 0; i + 3 < file.length; i++) {
            if (file[i] == '\n' && file[i + 1] == '-' && file[i + 2] == '-' && file[i + 3] == '-') {
                for (int j = i + 4; j < file.length; j++) {
                    if (file[j] == '\n') {
                        return j + 1;
                    }
                }
            }
        }
        throw new IllegalArgumentException("no header");
    }

    static String sha256(byte[] b) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
