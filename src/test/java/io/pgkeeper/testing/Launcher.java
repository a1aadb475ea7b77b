package io.pgkeeper.testing;

import io.pgkeeper.postgres.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@code pgkeeper} executable that PostgreSQL itself can run as archive_command and
 * restore_command. The server runs as OS user {@code postgres} while the test classpath lives
 * under /root/.m2 and the build folder, which that user cannot read; so the classpath is copied
 * once per JVM into a world-readable folder under /tmp, next to a shell script that starts
 * {@code io.pgkeeper.cli.Main} with it.
 */
public final class Launcher {
    private Launcher() {}

    /** Built on first use, once per JVM; the class-holder idiom makes that thread-safe without locks. */
    private static final class Holder {
        static final Path SCRIPT = build();
    }

    /** The absolute path of the {@code pgkeeper} script. */
    public static Path script() {
        return Holder.SCRIPT;
    }

    private static Path build() {
        try {
            Path root = Files.createTempDirectory(Path.of("/tmp"), "pgkeeper-launcher-");
            Path lib = Files.createDirectories(root.resolve("lib"));
            List<String> entries = new ArrayList<>();
            String[] classpath = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
            for (int i = 0; i < classpath.length; i++) {
                Path entry = Path.of(classpath[i]);
                if (!Files.exists(entry)) {
                    continue;
                }
                Path copy = lib.resolve(i + "-" + entry.getFileName());
                if (Files.isDirectory(entry)) {
                    copyTree(entry, copy);
                } else {
                    Files.copy(entry, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
                entries.add(copy.toString());
            }
            Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
            Path script = root.resolve("pgkeeper");
            Files.writeString(script, "#!/bin/sh\nexec '" + javaBin + "' -XX:TieredStopAtLevel=1 -Xshare:auto -cp '"
                    + String.join(java.io.File.pathSeparator, entries) + "' io.pgkeeper.cli.Main \"$@\"\n");
            openUp(root);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the pgkeeper launcher under /tmp", e);
        }
    }

    /**
     * A new directory the server's archive_command can write: created under /tmp (not JUnit's 0700
     * {@code @TempDir}, which postgres cannot traverse) with mode 0755, holding a {@code repo}
     * owned by {@code postgres}. The archive is written by PostgreSQL's archiver, running as
     * {@code postgres}: a root-owned repository would make every push fail and the server retry forever.
     * Policy files written into the returned directory must be readable by postgres: use
     * {@link #readable(Path)}.
     */
    public static Path serverWritableDir() {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "pgkeeper-archive-test-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path repo = Files.createDirectory(dir.resolve("repo"));
            Files.setPosixFilePermissions(repo, PosixFilePermissions.fromString("rwx------"));
            if (Processes.OS.root()) {
                LocalServer.chown(repo, TestCluster.OS_USER);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a file (a policy) readable by the server's OS user: 0644. */
    public static Path readable(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands a tree to the server's OS user (when the tests run as root), e.g. a repository created by the test. */
    public static void giveToServer(Path tree) {
        if (Processes.OS.root()) {
            LocalServer.chown(tree, TestCluster.OS_USER);
        }
    }

    public static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover under /tmp is harmless
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Directories 0755, files 0644, so the server's OS user can read and traverse everything. */
    private static void openUp(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
