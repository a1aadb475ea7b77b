package io.pgkeeper.engine.pgbackrest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Looks for credentials where they must never be: the argv of every process on the host while a
 * run goes on ({@code /proc/<pid>/cmdline}, which every user can read), and the files of a tree
 * (the bucket's backend, the state directory with pgbackrest's logs).
 */
final class SecretScan {
    private SecretScan() {}

    /** The files under {@code root} that hold any of the secrets, as bytes. */
    static List<String> filesHolding(Path root, List<String> secrets) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    if (text.contains(s)) {
                        found.add(p + " holds " + s.substring(0, 4) + "...");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * Polls every process's argv until {@code process} ends; returns the argvs that held a secret, and how many polls ran.
     *
     * @param ownTree the directory that holds this run's pgbackrest.conf: only a pgbackrest of this
     *     run shows the scan looked while it mattered, since another test class (the other failsafe
     *     JVM, another build) may run one of its own meanwhile; the postmaster's archive-get is no
     *     descendant of {@code process}, so the config's path tells, not the process tree
     */
    static Polled whileRunning(Process process, Path ownTree, List<String> secrets) throws InterruptedException {
        List<String> found = new ArrayList<>();
        int polls = 0;
        int withPgBackRest = 0;
        while (process.isAlive()) {
            polls++;
            AtomicBoolean sawPgBackRest = new AtomicBoolean();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                    try {
                        String argv = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                        sawPgBackRest.compareAndSet(false, argv.contains("pgbackrest --config=" + ownTree));
                        for (String s : secrets) {
                            if (argv.contains(s)) {
                                found.add(argv);
                            }
                        }
                    } catch (IOException gone) {
                        // the process ended between listing and reading: nothing to look at
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (sawPgBackRest.get()) {
                withPgBackRest++;
            }
            Thread.sleep(20);
        }
        return new Polled(found, polls, withPgBackRest);
    }

    /** @param withPgBackRest polls that saw a pgbackrest child running: the scan looked while it mattered */
    record Polled(List<String> found, int polls, int withPgBackRest) {}
}
