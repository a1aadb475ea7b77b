package io.pgkeeper.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a command as an operator's shell or a service manager would: in a given directory, with
 * exactly the environment given (nothing inherited from the test JVM), no stdin.
 */
public final class Shell {
    private Shell() {}

    public static Cli.Result run(Path cwd, Map<String, String> env, List<String> argv, Duration timeout) {
        try {
            Path out = Files.createTempFile("shell-out", ".txt");
            Path err = Files.createTempFile("shell-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("did not finish within " + timeout + ": " + argv + "\n" + Files.readString(err));
            }
            Cli.Result r = new Cli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code /bin/sh -c script} with the environment given. */
    public static Cli.Result sh(Path cwd, Map<String, String> env, String script) {
        return run(cwd, env, List.of("/bin/sh", "-c", script), Duration.ofMinutes(5));
    }

    /**
     * A PATH with every command of the usual PATH but Maven's: a folder of symbolic links to the
     * executables of /usr/local/sbin ... /bin, less mvn and mvnDebug. Built once per call, under /tmp
     * (world-readable, for commands run as postgres).
     */
    public static Path pathWithoutMaven() {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "pgkeeper-nomvn-");
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String d : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
                if (!Files.isDirectory(Path.of(d))) {
                    continue;
                }
                try (Stream<Path> s = Files.list(Path.of(d))) {
                    for (Path exe : (Iterable<Path>) s::iterator) {
                        String name = exe.getFileName().toString();
                        Path link = dir.resolve(name);
                        if (!name.startsWith("mvn") && Files.isExecutable(exe) && !Files.isDirectory(exe) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                            Files.createSymbolicLink(link, exe);
                        }
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build a PATH without Maven under /tmp", e);
        }
    }

    /** The minimal environment of a service: PATH, HOME, LANG, and what is added. */
    public static Map<String, String> env(Path path, Map<String, String> more) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", path.toString());
        env.put("HOME", System.getProperty("user.home"));
        env.put("LANG", "C.UTF-8");
        env.putAll(more);
        return env;
    }
}
