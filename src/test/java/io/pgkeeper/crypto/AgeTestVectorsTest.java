package io.pgkeeper.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference test vectors of the age format (C2SP CCTV, src/test/resources/age-testkit):
 * every X25519, header, MAC and STREAM case, each with the outcome the format requires, and for
 * failures part-way the exact plaintext released before the failure.
 */
class AgeTestVectorsTest {
    private static final Map<String, AgeException.Reason> FAILURES = Map.of(
            "no match", AgeException.Reason.NO_MATCH,
            "HMAC failure", AgeException.Reason.HMAC,
            "header failure", AgeException.Reason.HEADER,
            "payload failure", AgeException.Reason.PAYLOAD);

    @TestFactory
    Stream<DynamicTest> everyVectorHasTheOutcomeTheFormatRequires() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/age-testkit/x25519").toURI()).getParent();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
        assertEquals(67, files.size(), "the vendored vectors");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        int split = indexOf(all, "\n\n".getBytes(StandardCharsets.US_ASCII));
        String head = new String(all, 0, split, StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOfRange(all, split + 2, all.length);
        String expect = null;
        String payload = null;
        boolean zlib = false;
        List<AgeIdentity> ids = new ArrayList<>();
        for (String line : head.split("\n")) {
            String k = line.substring(0, line.indexOf(": "));
            String v = line.substring(line.indexOf(": ") + 2);
            switch (k) {
                case "expect" -> expect = v;
                case "payload" -> payload = v;
                case "identity" -> ids.add(AgeIdentity.parse(v));
                case "compressed" -> zlib = v.equals("zlib");
                default -> { } // file key, comment: for debugging only
            }
        }
        if (zlib) {
            body = new InflaterInputStream(new ByteArrayInputStream(body)).readAllBytes();
        }
        if (ids.isEmpty()) {
            ids.add(AgeIdentity.generate());
        }
        MessageDigest released = MessageDigest.getInstance("SHA-256");
        try (AgeInputStream in = AgeDecryptor.with(ids).open(new ByteArrayInputStream(body))) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0;) {
                released.update(buf, 0, n);
            }
            if (!expect.equals("success")) {
                fail("expected " + expect + " but the file decrypted");
            }
            assertEquals(payload, in.plaintextSha256());
        } catch (AgeException e) {
            if (expect.equals("success")) {
                throw e;
            }
            assertEquals(FAILURES.get(expect), e.reason(), e.getMessage());
        }
        if (payload != null) {
            assertEquals(payload, HexFormat.of().formatHex(released.digest()), "the plaintext released before the end");
        }
        assertTrue(expect != null);
    }

    private static int indexOf(byte[] a, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= a.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (a[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no blank line");
    }

    static byte[] roundTrip(AgeEncryptor enc, AgeDecryptor dec, byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AgeOutputStream o = enc.open(out)) {
            o.write(plain);
        }
        try (InputStream in = dec.open(new ByteArrayInputStream(out.toByteArray()))) {
            return in.readAllBytes();
        }
    }
}
