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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code archive push}, {@code archive get} and {@code --version} without building picocli's
 * model of every command, which costs about 100 ms a call (docs/performance.md). PostgreSQL
 * runs push and get once per WAL segment, so that start-up is paid on the primary's hot path.
 *
 * <p>Only the plain forms are taken: the options of {@link #OPTIONS} (--policy, --cluster, -q/--quiet, and push/get's --spool;
 * named by {@link OptionNames}, as the full CLI's are) around the arguments, an engine that archives in this process (pg_basebackup's). Anything else (another
 * flag, --help, --json, a pgBackRest policy, a wrong argument count) goes to the full CLI, which
 * behaves the same and explains errors in full; ArchiveFastPathTest holds the table to the full
 * CLI's options. Both paths get the archive from {@link CliContext}, call the same
 * {@link WalArchive}, and report errors through {@link ErrorHandler}.
 */
final class ArchiveFastPath {
    /** The options taken here, and whether each takes a value; the same names, and arity, as picocli's. */
    static final Map<String, Boolean> OPTIONS = Map.of(OptionNames.POLICY, true, OptionNames.CLUSTER, true,
            OptionNames.QUIET, false, OptionNames.QUIET_SHORT, false, OptionNames.SPOOL, true);
    /** The positional arguments of each command taken here, after {@code archive}. */
    static final Map<String, Integer> ARGUMENTS = Map.of("push", 1, "get", 2);

    private final PrintWriter out;
    private final PrintWriter err;
    private final CliContext.Host host;

    ArchiveFastPath(PrintWriter out, PrintWriter err, CliContext.Host host) {
        this.out = out;
        this.err = err;
        this.host = host;
    }

    /** The exit code, or empty when the full CLI must handle these arguments. */
    OptionalInt run(String[] args) {
        if (args.length == 1 && (args[0].equals(OptionNames.VERSION) || args[0].equals(OptionNames.VERSION_SHORT))) {
            out.println("pgkeeper " + PgKeeperVersion.get());
            out.flush();
            return OptionalInt.of(ExitCode.OK.code());
        }
        Optional<Path> policy = Optional.empty();
        Optional<String> cluster = Optional.empty();
        Optional<Path> spool = Optional.empty();
        boolean quiet = false;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            Boolean valued = a.startsWith("-") ? OPTIONS.get(name) : null;
            if (valued == null && a.startsWith("-")) {
                return OptionalInt.empty();
            }
            if (valued == null) {
                words.add(a);
                continue;
            }
            if (!valued) {
                if (eq > 0) {
                    return OptionalInt.empty();
                }
                quiet = true;
                continue;
            }
            String value;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return OptionalInt.empty();
            }
            if (name.equals(OptionNames.POLICY)) {
                policy = Optional.of(Path.of(value));
            } else if (name.equals(OptionNames.SPOOL)) {
                spool = Optional.of(Path.of(value));
            } else {
                cluster = Optional.of(value);
            }
        }
        if (words.size() < 2 || !words.get(0).equals("archive") || !ARGUMENTS.containsKey(words.get(1))
                || words.size() != 2 + ARGUMENTS.get(words.get(1))) {
            return OptionalInt.empty();
        }
        CliContext cli = new CliContext(host, new GlobalOptions(policy, cluster, false, false, quiet, false), out, err);
        return words.get(1).equals("push") ? push(cli, spool, Path.of(words.get(2))) : get(cli, spool, words.get(2), Path.of(words.get(3)));
    }

    private OptionalInt push(CliContext cli, Optional<Path> spool, Path path) {
        try {
            ArchiveTarget t = cli.archive("push", spool);
            if (!t.engine().archivesInProcess()) {
                return OptionalInt.empty();
            }
            t.engine().push(t.site(), path);
            return OptionalInt.of(ExitCode.OK.code());
        } catch (RuntimeException e) {
            return OptionalInt.of(fail(ErrorHandler.translate(e), e));
        }
    }

    private OptionalInt get(CliContext cli, Optional<Path> spool, String name, Path dest) {
        try {
            ArchiveTarget t = cli.archive("get", spool);
            if (!t.engine().archivesInProcess()) {
                return OptionalInt.empty();
            }
            t.engine().get(t.site(), name, dest);
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
