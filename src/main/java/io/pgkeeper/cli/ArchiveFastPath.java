package io.pgkeeper.cli;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.PgKeeperVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code archive push}, {@code archive get} and {@code --version} without building picocli's
 * model of every command, which costs about 100 ms a call (docs/performance.md). PostgreSQL
 * runs push and get once per WAL segment, so that start-up is paid on the primary's hot path.
 *
 * <p>Only the plain forms are taken: {@code --policy}, {@code --cluster} and {@code -q/--quiet}
 * around the arguments, an engine that archives in this process (pg_basebackup's). Anything else
 * (another flag, --help, --json, a pgBackRest policy, a wrong argument count) goes to the full CLI, which behaves the same and
 * explains errors in full. Both paths call the same {@link ArchiveCommand.Target} and
 * engine, and report errors through {@link ErrorHandler}.
 */
final class ArchiveFastPath {
    private final PrintWriter out;
    private final PrintWriter err;

    ArchiveFastPath(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** The exit code, or empty when the full CLI must handle these arguments. */
    OptionalInt run(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println("pgkeeper " + PgKeeperVersion.get());
            out.flush();
            return OptionalInt.of(ExitCode.OK.code());
        }
        Optional<Path> policy = Optional.empty();
        Optional<String> cluster = Optional.empty();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--policy") || a.equals("--cluster")) && i + 1 < args.length) {
                String value = args[++i];
                if (a.equals("--policy")) {
                    policy = Optional.of(Path.of(value));
                } else {
                    cluster = Optional.of(value);
                }
            } else if (a.startsWith("--policy=")) {
                policy = Optional.of(Path.of(a.substring("--policy=".length())));
            } else if (a.startsWith("--cluster=")) {
                cluster = Optional.of(a.substring("--cluster=".length()));
            } else if (a.equals("-q") || a.equals("--quiet")) {
                continue;
            } else if (a.startsWith("-")) {
                return OptionalInt.empty();
            } else {
                words.add(a);
            }
        }
        if (words.size() == 3 && words.get(0).equals("archive") && words.get(1).equals("push")) {
            return push(policy, cluster, Path.of(words.get(2)));
        }
        if (words.size() == 4 && words.get(0).equals("archive") && words.get(1).equals("get")) {
            return get(policy, cluster, words.get(2), Path.of(words.get(3)));
        }
        return OptionalInt.empty();
    }

    private OptionalInt push(Optional<Path> policy, Optional<String> cluster, Path path) {
        try {
            ArchiveCommand.Target t = ArchiveCommand.Target.of(policy, cluster);
            PhysicalEngine e = t.engine();
            if (!e.archivesInProcess()) {
                return OptionalInt.empty();
            }
            e.push(t.site(), path);
            return OptionalInt.of(ExitCode.OK.code());
        } catch (RuntimeException e) {
            return OptionalInt.of(fail(ErrorHandler.translate(e), e));
        }
    }

    private OptionalInt get(Optional<Path> policy, Optional<String> cluster, String name, Path dest) {
        try {
            ArchiveCommand.Target t = ArchiveCommand.Target.of(policy, cluster);
            PhysicalEngine e = t.engine();
            if (!e.archivesInProcess()) {
                return OptionalInt.empty();
            }
            e.get(t.site(), name, dest);
            return OptionalInt.of(ExitCode.OK.code());
        } catch (WalArchive.NotArchived e) {
            return OptionalInt.of(ExitCode.FAILED.code());
        } catch (RuntimeException | Error e) {
            return OptionalInt.of(fail(ArchiveCommand.Get.mustStop(e), e));
        }
    }

    private int fail(PgKeeperException pk, Throwable cause) {
        ErrorHandler.print(pk, cause, err, false);
        return pk.exitCode().code();
    }
}
