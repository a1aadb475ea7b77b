package io.pgkeeper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI in a child JVM, for what the in-process {@link Cli} cannot show: the process
 * umask, environment variables, and log lines on the real stderr.
 */
public final class ChildJvm {
    private ChildJvm() {}

    public static Cli.Result run(String umask, Map<String, String> env, String... args) {
        return run(umask, env, List.of(), args);
    }

    /** @param jvmOptions e.g. {@code -Djava.io.tmpdir=...} */
    public static Cli.Result run(String umask, Map<String, String> env, List<String> jvmOptions, String... args) {
        try {
            Path out = Files.createTempFile("child-out", ".txt");
            Path err = Files.createTempFile("child-err", ".txt");
            Process p = start(umask, env, jvmOptions, out, err, args);
            List<String> argv = List.of(args);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("child pgkeeper did not finish: " + argv);
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

    /** Starts the CLI without waiting; the shell execs java, so the process is the JVM itself. */
    public static Process start(String umask, Map<String, String> env, List<String> jvmOptions, Path out, Path err, String... args)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "umask " + umask + "; exec \"$0\" \"$@\"", java));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.pgkeeper.cli.Main"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }
}
