package io.pgkeeper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shell snippet from the docs as an operator would, with the few things a test must not
 * touch replaced: the policy and log paths, /etc/systemd/system, and the commands that would
 * page someone or install a crontab, which become functions recording what they were given.
 * {@code pgkeeper} is the packaged jar.
 */
public final class Snippet {
    private final Path dir;
    private final Map<String, String> replace = new LinkedHashMap<>();

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit=" + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** @param dir a scratch directory: the recordings, the stand-ins for /var/log/pgkeeper and /etc/systemd/system */
    public Snippet(Path dir, Path policy) {
        this.dir = dir;
        replace.put("/etc/pgkeeper/pgkeeper.yaml", policy.toString());
        replace.put("/usr/local/bin/pgkeeper", "pgkeeper");
        replace.put("./scripts/page-oncall", "page-oncall");
        replace.put("/var/log/pgkeeper/", dir.resolve("log") + "/");
        replace.put("/etc/systemd/system", dir.resolve("units").toString());
        replace.put("/etc/bash_completion.d/pgkeeper", dir.resolve("completion.bash").toString());
        try {
            Files.createDirectories(dir.resolve("log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The packaged jar as a {@code pgkeeper} command (the jar failsafe's pgkeeper.jar property names). */
    public static Path launcher(Path dir) {
        try {
            Path jar = Path.of(System.getProperty("pgkeeper.jar", "target/pgkeeper.jar")).toAbsolutePath();
            Path script = dir.resolve("pgkeeper");
            Files.writeString(script, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '" + jar + "' \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String substitute(String text) {
        String out = text;
        for (Map.Entry<String, String> e : replace.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    public Path paged() {
        return dir.resolve("paged.txt");
    }

    public Path crontab() {
        return dir.resolve("crontab.txt");
    }

    public Path systemctl() {
        return dir.resolve("systemctl.txt");
    }

    /** Runs {@code text} (substituted) in {@code shell} ("bash" or "zsh"), from {@code cwd}, with {@code env} added. */
    public Result run(String shell, String text, Path cwd, Map<String, String> env) {
        String prelude = "pgkeeper() { '" + launcher(dir) + "' \"$@\"; }\n"
                + "page-oncall() { printf '%s\\n' \"$*\" >> '" + paged() + "'; }\n"
                + "crontab() { cat > '" + crontab() + "'; }\n"
                + "systemctl() { printf '%s\\n' \"$*\" >> '" + systemctl() + "'; }\n";
        try {
            Path script = Files.writeString(dir.resolve("snippet-" + System.nanoTime() + "." + shell), prelude + substitute(text));
            Path out = dir.resolve("out.txt");
            Path err = dir.resolve("err.txt");
            ProcessBuilder pb = new ProcessBuilder(shell, script.toString()).directory(cwd.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            pb.environment().put("HOME", dir.toString());
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("snippet did not finish: " + text);
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The lines of a crontab block that are jobs: no comment, no blank. */
    public static List<String> cronLines(String text) {
        return text.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("#")).toList();
    }
}
