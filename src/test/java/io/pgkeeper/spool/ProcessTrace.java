package io.pgkeeper.spool;

import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The processes a command starts, counted with {@code strace -f}: its forks (clone, fork, vfork)
 * and its successful execs (its own included). Skips the test where strace is missing or may not
 * trace (scripts/test installs it as root).
 */
record ProcessTrace(int exitCode, int forks, int execs, String log) {
    private static final Pattern FORK = Pattern.compile("(?m)^\\d+ +(clone3?|v?fork)\\(");
    private static final Pattern EXEC = Pattern.compile("(?m)^\\d+ +execve\\(.* = 0$");

    static ProcessTrace of(Path dir, Map<String, String> env, List<String> argv) throws IOException {
        Assumptions.assumeTrue(Shell.run(dir, env, List.of("sh", "-c", "command -v strace && strace -f -qq -o /dev/null true"),
                Duration.ofSeconds(30)).exitCode() == 0, "strace is missing or may not trace here");
        Path log = Files.createTempFile(dir, "strace", ".log");
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=execve,clone,clone3,fork,vfork", "-o", log.toString()));
        cmd.addAll(argv);
        Cli.Result r = Shell.run(dir, env, cmd, Duration.ofSeconds(60));
        String text = Files.readString(log);
        Files.delete(log);
        return new ProcessTrace(r.exitCode(), (int) FORK.matcher(text).results().count(), (int) EXEC.matcher(text).results().count(), text + r);
    }
}
