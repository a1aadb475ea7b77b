package io.pgkeeper.restore;

import io.pgkeeper.policy.SandboxPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which run a restore's sandbox belongs to, so that one left by a run that was killed (SIGKILL,
 * the OOM killer, a power cut of the JVM alone) is found by the next point-in-time restore: its
 * recovered server would otherwise run on, holding a copy of production data, and its directory
 * would fill the disk. A sandbox whose owner file names a process that no longer runs is stopped
 * and removed; one of a live run, or without an owner file, is left alone.
 */
final class SandboxOwner {
    static final String FILE = "pgkeeper-owner";
    private static final Logger log = LoggerFactory.getLogger(SandboxOwner.class);

    private SandboxOwner() {}

    /** Writes this process's pid and start time into the sandbox directory. */
    static void claim(Path sandboxDir) {
        ProcessHandle self = ProcessHandle.current();
        String line = self.pid() + " " + self.info().startInstant().map(Instant::toString).orElse("-") + "\n";
        try {
            Files.writeString(sandboxDir.resolve(FILE), line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the sandbox works without it; only a later sweep after a kill would not recognise it
            log.warn("cannot write {}: {}", sandboxDir.resolve(FILE), e.getMessage());
        }
    }

    /**
     * Stops and removes every {@code restore-*} sandbox under the policy's base directory whose
     * run has ended; returns a warning for each, naming it.
     */
    static List<String> sweep(SandboxPolicy policy) {
        Path parent = policy.baseDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return removed;
        }
        List<Path> candidates;
        try (Stream<Path> s = Files.list(parent)) {
            candidates = s.filter(p -> p.getFileName().toString().startsWith(Sandbox.RESTORE + "-")).sorted().toList();
        } catch (IOException e) {
            log.warn("cannot list {} for sandboxes of killed restores: {}", parent, e.getMessage());
            return removed;
        }
        for (Path dir : candidates) {
            Optional<String> owner = read(dir);
            if (owner.isPresent() && !alive(owner.get())) {
                log.warn("removing the sandbox {}, left by a restore that ended without removing it (pid {})", dir, owner.get().split(" ")[0]);
                SandboxGuard.teardown(dir);
                removed.add("removed the sandbox " + dir + ", left running by an earlier restore that was killed (pid " + owner.get().split(" ")[0] + ")");
            }
        }
        return removed;
    }

    private static Optional<String> read(Path dir) {
        try {
            return Optional.of(Files.readString(dir.resolve(FILE), StandardCharsets.UTF_8).strip()).filter(s -> s.matches("\\d+ \\S+"));
        } catch (IOException e) {
            return Optional.empty(); // no owner file: not ours to judge
        }
    }

    /** The owner runs when its pid does and, where the system says, started at the same moment (a pid is reused). */
    static boolean alive(String owner) {
        String[] parts = owner.split(" ");
        Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(parts[0]));
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        if (parts[1].equals("-")) {
            return true;
        }
        return h.get().info().startInstant().map(Instant::toString).map(parts[1]::equals).orElse(true);
    }
}
