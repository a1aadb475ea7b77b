package io.pgkeeper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs pgkeeper as the server's OS user ({@link TestCluster#OS_USER}), as an operator who
 * logs in as postgres would, or as PostgreSQL runs archive_command: through {@link Launcher}'s
 * script and runuser when the tests run as root, directly otherwise.
 */
public final class ServerUser {
    private ServerUser() {}

    public static Cli.Result run(String... args) {
        List<String> argv = new ArrayList<>();
        if (Processes.OS.root()) {
            argv.addAll(List.of("/usr/sbin/runuser", "-u", TestCluster.OS_USER, "--"));
        }
        argv.add(Launcher.script().toString());
        argv.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("server-user-out", ".txt");
            Path err = Files.createTempFile("server-user-err", ".txt");
            try {
                // the child writes through the shell's redirection, so the files stay ours
                Process p = new ProcessBuilder(argv).directory(Path.of("/").toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new IllegalStateException("pgkeeper as " + TestCluster.OS_USER + " did not finish: " + argv);
                }
                return new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new directory under /tmp that the server's user can traverse (0755), for policies and repositories it uses. */
    public static Path traversableDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
