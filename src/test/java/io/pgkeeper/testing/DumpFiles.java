package io.pgkeeper.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Tampering with a backup the way a mix-up or a hostile tester would, keeping its manifest's
 * checksums true to the new content, so that only pgkeeper's other checks can notice.
 */
public final class DumpFiles {
    private DumpFiles() {}

    /** Exchanges two files of a backup and records their new checksums. */
    public static void swap(Path backupDir, String a, String b) throws IOException {
        Path tmp = backupDir.resolve(a + ".swap");
        Files.move(backupDir.resolve(a), tmp);
        Files.move(backupDir.resolve(b), backupDir.resolve(a));
        Files.move(tmp, backupDir.resolve(b), StandardCopyOption.ATOMIC_MOVE);
        rehash(backupDir, a);
        rehash(backupDir, b);
    }

    /** Replaces a byte sequence (same length, so an archive's framing stays valid) and records the new checksum. */
    public static void replaceBytes(Path backupDir, String file, String from, String to) throws IOException {
        if (from.length() != to.length()) {
            throw new IllegalArgumentException("same length only");
        }
        Path p = backupDir.resolve(file);
        byte[] bytes = Files.readAllBytes(p);
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        int found = 0;
        for (int i = 0; i + f.length <= bytes.length; i++) {
            boolean match = true;
            for (int k = 0; k < f.length && match; k++) {
                match = bytes[i + k] == f[k];
            }
            if (match) {
                System.arraycopy(t, 0, bytes, i, t.length);
                found++;
            }
        }
        if (found == 0) {
            throw new IllegalStateException(from + " not found in " + p);
        }
        Files.write(p, bytes);
        rehash(backupDir, file);
    }

    /** Writes the file's current sha256 and size into every manifest entry for it. */
    public static void rehash(Path backupDir, String file) throws IOException {
        Path manifest = backupDir.resolve("manifest.json");
        ObjectNode root = (ObjectNode) Json.mapper().readTree(manifest.toFile());
        String sha = Checksums.sha256(backupDir.resolve(file));
        long size = Files.size(backupDir.resolve(file));
        for (JsonNode files : root.findValues("files")) {
            for (JsonNode e : files) {
                if (e.get("path").asText().equals(file)) {
                    ((ObjectNode) e).put("sha256", sha).put("sizeBytes", size);
                }
            }
        }
        Json.mapper().writeValue(manifest.toFile(), root);
    }
}
