package io.pgkeeper.check;

import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.util.OsIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an OS user may do what it needs on each path, asked the kernel's way (access(2)) as
 * that very user: in this process for the user pgkeeper runs as, through runuser for another
 * user when pgkeeper is root. Mode bits alone miss ACLs, groups and a directory on the way that
 * cannot be entered.
 */
final class AccessTest {
    /** One requirement: {@code needs} is some of r, w, x. */
    record Need(Path path, String needs) {
        String arg() {
            return needs + ":" + path;
        }
    }

    private static final String SCRIPT = "for a; do m=${a%%:*}; p=${a#*:}; ok=1;"
            + " case $m in *r*) [ -r \"$p\" ] || ok=0;; esac; case $m in *w*) [ -w \"$p\" ] || ok=0;; esac;"
            + " case $m in *x*) [ -x \"$p\" ] || ok=0;; esac; [ $ok = 1 ] || printf '%s\\n' \"$a\"; done";

    private AccessTest() {}

    /** The needs that are not met; empty when all are. Empty optional when the user cannot be tested from here. */
    static Optional<List<Need>> unmet(String user, List<Need> needs, ProcessRunner runner, OsIdentity os) {
        if (user.equals(os.name())) {
            return Optional.of(needs.stream().filter(n -> !metHere(n)).toList());
        }
        if (!os.root() || !runner.executes()) {
            return Optional.empty();
        }
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "sh"));
        needs.forEach(n -> argv.add(n.arg()));
        ToolResult r = runner.run(ToolCall.of("access test", argv, Map.of(), Duration.ofSeconds(30)).withWorkDir(Path.of("/"))
                .runningAs(Optional.of(user)).withStdout(ToolCall.Stdout.capture()));
        if (!r.ok()) {
            return Optional.empty();
        }
        List<String> failed = r.stdout().lines().filter(l -> !l.isBlank()).toList();
        return Optional.of(needs.stream().filter(n -> failed.contains(n.arg())).toList());
    }

    private static boolean metHere(Need n) {
        return (!n.needs().contains("r") || Files.isReadable(n.path())) && (!n.needs().contains("w") || Files.isWritable(n.path()))
                && (!n.needs().contains("x") || Files.isExecutable(n.path()));
    }

    /** x on every directory above {@code root}, and {@code needs} on each existing path of {@code paths}. */
    static List<Need> plan(Path root, List<Need> paths) {
        List<Need> out = new ArrayList<>();
        Path abs = root.toAbsolutePath().normalize();
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            out.add(0, new Need(p, "x"));
        }
        for (Need n : paths) {
            if (Files.exists(n.path())) {
                out.add(n);
            }
        }
        return out;
    }
}
