package io.pgkeeper.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.crypto.AgeIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Keys, policies and the marker search of the encryption tests. */
public final class EncryptedRepository {
    private EncryptedRepository() {}

    /** An identity file as age-keygen writes it, mode 0600. */
    public static Path identityFile(Path dir, String name, AgeIdentity id) {
        try {
            Path f = dir.resolve(name);
            Files.writeString(f, "# public key: " + id.recipient().encoded() + "\n" + id.encoded() + "\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository block: path, state directory, encryption to {@code recipients}, with the identity file when given. */
    static String repositoryYaml(Path repo, Path state, List<AgeIdentity> recipients, Path identity) {
        StringBuilder sb = new StringBuilder("repository:\n  path: " + repo + "\n  stateDir: " + state + "\n  encryption:\n    recipients:\n");
        recipients.forEach(r -> sb.append("      - ").append(r.recipient().encoded()).append('\n'));
        if (identity != null) {
            sb.append("    identityFile: ").append(identity).append('\n');
        }
        return sb.toString();
    }

    static Path policy(Path file, String repositoryYaml, int port, String extraClusterYaml) {
        String yaml = "version: 1\n" + repositoryYaml + "clusters:\n  main:\n    connection:\n      host: 127.0.0.1\n      port: " + port
                + "\n      user: postgres\n" + extraClusterYaml;
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file below {@code root} whose bytes or path hold {@code marker} (also lower-cased and upper-cased). */
    public static List<String> holding(Path root, String marker) {
        List<String> found = new ArrayList<>();
        List<byte[]> needles = List.of(marker.getBytes(StandardCharsets.UTF_8), marker.toLowerCase().getBytes(StandardCharsets.UTF_8),
                marker.toUpperCase().getBytes(StandardCharsets.UTF_8), marker.getBytes(StandardCharsets.UTF_16LE));
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (root.relativize(p).toString().toLowerCase().contains(marker.toLowerCase())) {
                    found.add("path " + p);
                }
                if (Files.isRegularFile(p)) {
                    byte[] b = Files.readAllBytes(p);
                    for (byte[] n : needles) {
                        if (indexOf(b, n) >= 0) {
                            found.add("content " + p);
                            break;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static void assertNoMarker(Path repo, String marker) {
        assertEquals(List.of(), holding(repo, marker), "plaintext reached the repository");
    }

    /** Where {@code needle} first occurs in {@code hay}, or -1. */
    public static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
