package io.pgkeeper.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** What the fault tests do to processes and files, and how they look at the repository afterwards. */
final class Faults {
    private Faults() {}

    /** Live descendants of {@code p} whose executable ends with {@code /tool}. */
    static List<ProcessHandle> children(Process p, String tool) {
        return p.descendants().filter(h -> h.isAlive() && h.info().command().orElse("").endsWith("/" + tool)).toList();
    }

    /** Waits until {@code p} has a live {@code tool} child; fails with the child's stderr if it never does. */
    static List<ProcessHandle> awaitChildren(Process p, String tool, Path err) {
        List<ProcessHandle> found = new ArrayList<>();
        await(() -> {
            if (!p.isAlive()) {
                fail(tool + " never started; pgkeeper exited " + p.exitValue() + ": " + read(err));
            }
            found.clear();
            found.addAll(children(p, tool));
            return !found.isEmpty();
        }, tool + " never started: " + read(err));
        return found;
    }

    /** Waits until {@code p} has at least {@code n} live {@code tool} children (a dump runs two pg_dumps per database). */
    static List<ProcessHandle> awaitChildren(Process p, String tool, int n, Path err) {
        List<ProcessHandle> found = new ArrayList<>();
        await(() -> {
            found.clear();
            found.addAll(children(p, tool));
            return found.size() >= n;
        }, n + " " + tool + " never started: " + read(err));
        return found;
    }

    /** SIGKILL, and waits for the process to be gone. */
    static void kill9(ProcessHandle h) {
        h.destroyForcibly();
        // a child of a stopped parent stays a zombie, which onExit() would wait for forever
        await(() -> exited(h), "pid " + h.pid() + " survived SIGKILL");
    }

    static void signal(String signal, long pid) {
        assertTrue(trySignal(signal, pid), "kill -" + signal + " " + pid);
    }

    /** @return false when the process is gone (kill fails) */
    static boolean trySignal(String signal, long pid) {
        try {
            return new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** True when the process has exited (a zombie whose stopped parent has not reaped it counts as exited). */
    static boolean exited(ProcessHandle h) {
        Path stat = Path.of("/proc", Long.toString(h.pid()), "stat");
        try {
            String s = Files.readString(stat);
            return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return true;
        }
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out: " + what);
            }
            sleep(50);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The ids {@code list --json} shows. */
    static List<String> listed(Path policy) {
        Cli.Result r = Cli.run("--policy", policy.toString(), "--json", "list");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> ids = new ArrayList<>();
        json(r).forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    static JsonNode json(Cli.Result r) {
        try {
            return Json.mapper().readTree(r.out());
        } catch (IOException e) {
            throw new UncheckedIOException(r.toString(), e);
        }
    }

    /** Every directory under {@code kindDir}, by name (backups, attempts, leftovers). */
    static List<String> dirs(Path kindDir) {
        if (!Files.isDirectory(kindDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(kindDir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> files(Path root, String name) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().equals(name)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x40;
        Files.write(file, b);
    }
}
