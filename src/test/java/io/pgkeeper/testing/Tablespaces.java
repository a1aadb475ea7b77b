package io.pgkeeper.testing;

import io.pgkeeper.postgres.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** User tablespaces as production has them: a directory outside the data directory, owned by the server's OS user. */
public final class Tablespaces {
    private Tablespaces() {}

    /** A new, empty directory for a tablespace under {@code parent} (which the server's OS user can traverse). */
    public static Path directory(Path parent, String name) {
        try {
            Path dir = Files.createDirectories(parent.resolve(name));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            if (Processes.OS.root()) {
                LocalServer.chown(dir, TestCluster.OS_USER);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates tablespace {@code name} at a new directory under {@code parent}; returns the directory. */
    public static Path create(TestCluster cluster, Path parent, String name) {
        Path dir = directory(parent, name);
        cluster.execute("postgres", "CREATE TABLESPACE " + name + " LOCATION '" + dir + "'");
        return dir;
    }

    /** sha256 of every file below {@code dir}, by relative path: to prove a directory was not touched. */
    public static Map<String, String> checksums(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
