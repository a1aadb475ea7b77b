package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.FAILED;
import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.RECOVERY_MUST_STOP;
import static io.pgkeeper.error.ExitCode.USAGE;
import static io.pgkeeper.error.ExitCode.VERIFICATION_FAILED;
import io.pgkeeper.cli.Exits.Exit;

import io.pgkeeper.archive.ArchiveCheckReport;
import io.pgkeeper.archive.ArchiveCheckService;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.repository.Repository;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code archive push|get|check}. Push and get are PostgreSQL's archive_command and
 * restore_command: they run once per WAL file, so they load the policy and touch the archive
 * directory, nothing else (no JDBC, no binary discovery, no lock), and print nothing on success.
 */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "The WAL archive: push is the archive_command, get the restore_command, check reports gaps.",
        subcommands = {ArchiveCommand.Push.class, ArchiveCommand.Get.class, ArchiveCommand.Check.class, ArchiveCommandLine.class,
                ArchiveWorkerCommand.class},
        footerHeading = "%nExamples (postgresql.conf):%n",
        footer = {"  archive_command = 'pgkeeper archive push --policy /etc/pgkeeper/pgkeeper.yaml --cluster main %%p'",
                "  restore_command = 'pgkeeper archive get --policy /etc/pgkeeper/pgkeeper.yaml --cluster main %%f %%p'",
                "  pgkeeper archive check --json", "  pgkeeper archive command-line     # the exact lines for this policy"})
@Exits({@Exit(value = OK, means = "this help was printed"), @Exit(USAGE)})
final class ArchiveCommand implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ArchiveCommand.class);

    /** push and get print what their scripts have always read: command and ok, then the file. */
    static final Envelope COMMAND_OK = Envelope.of(Envelope.Field.COMMAND, Envelope.Field.OK);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = {"Archive one WAL file (PostgreSQL's archive_command). Exits 0 only once the file is durable in the archive.",
                    "An identical file already archived under the name exits 0 with a warning; a different one exits 1 and changes nothing.",
                    "A segment written by another cluster (another system identifier) is refused. Takes no lock."},
            footerHeading = "%nExample (postgresql.conf):%n",
            footer = {"  archive_command = 'pgkeeper archive push --policy /etc/pgkeeper/pgkeeper.yaml --cluster main %%p'"})
    @Exits({@Exit(value = OK, means = "archived (or already archived with identical content)"),
            @Exit(value = FAILED, means = "not archived (a different file under that name, a file of another cluster, an I/O error):"
                    + " PostgreSQL keeps the file and retries"),
            @Exit(value = USAGE, means = "not a WAL file name, or a policy or usage error: nothing was archived")})
    static final class Push implements Callable<Result> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "the WAL file, %%p in archive_command")
        Path path;

        @Option(names = "--engine", paramLabel = "pg_basebackup|pgbackrest",
                description = "the physical engine this archive_command was set up for: refuse to archive when the policy names another"
                        + " ('archive command-line' prints it; pgBackRest also requires its name in archive_command)")
        String engine;

        @Option(names = OptionNames.SPOOL, paramLabel = "DIR", description = ArchiveWorkerCommand.SPOOL_DOC)
        Path spool;

        /** What --json prints: the archived file. */
        record Pushed(String name, String file, String sha256, boolean alreadyArchived) {}

        @Override
        public Result call() {
            CliContext cli = CliContext.of(spec);
            ArchiveTarget t = cli.archive("push", Optional.ofNullable(spool));
            PhysicalEngine e = t.engine();
            e.requireArchivingFor(t.cluster(), engine);
            Optional<WalArchive.PushResult> pushed = e.push(t.site(), path);
            if (pushed.isEmpty()) {
                return Result.silent(ExitCode.OK.code());
            }
            WalArchive.PushResult r = pushed.get();
            log.debug("archived {} as {}", path, r.file().path());
            return new Result(ExitCode.OK.code(), COMMAND_OK,
                    new Pushed(r.file().walName(), r.file().path().toString(), r.file().sha256(), r.alreadyArchived()), Result.Text.NONE);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Restore one WAL file from the archive (PostgreSQL's restore_command), checking its sha256 first.",
                    "A file that is not archived exits 1 without a message (--verbose says why): PostgreSQL asks for such files"
                            + " at the end of every recovery.",
                    "Any other failure exits 126, which makes PostgreSQL stop recovery instead of promoting early."},
            footerHeading = "%nExample (postgresql.conf of a restored server; pgkeeper restore writes it):%n",
            footer = {"  restore_command = 'pgkeeper archive get --policy /etc/pgkeeper/pgkeeper.yaml --cluster main %%f %%p'"})
    @Exits({@Exit(value = OK, means = "written whole to DEST"), @Exit(value = FAILED, means = "not in the archive (the normal end of recovery)"),
            @Exit(value = RECOVERY_MUST_STOP, means = "corrupt file, unreadable repository, bad name, policy or command-line options:"
                    + " recovery must stop")})
    static final class Get implements Callable<Result> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the WAL file name, %%f in restore_command")
        String name;

        @Parameters(index = "1", paramLabel = "DEST", description = "where to write it, %%p in restore_command")
        Path dest;

        @Option(names = OptionNames.SPOOL, paramLabel = "DIR", description = ArchiveWorkerCommand.SPOOL_DOC)
        Path spool;

        /** What --json prints: whether the file was found and written. */
        record Got(String name, boolean found, String dest) {}

        @Override
        public Result call() {
            try {
                CliContext cli = CliContext.of(spec);
                ArchiveTarget t = cli.archive("get", Optional.ofNullable(spool));
                t.engine().get(t.site(), name, dest);
                return new Result(ExitCode.OK.code(), COMMAND_OK, new Got(name, true, dest.toString()), Result.Text.NONE);
            } catch (WalArchive.NotArchived e) {
                // Normal at the end of recovery, and PostgreSQL probes for history files that never
                // existed: a line per probe in the server log would hide real problems.
                log.debug("{}", e.getMessage());
                return new Result(ExitCode.FAILED.code(), COMMAND_OK, new Got(name, false, dest.toString()), Result.Text.NONE);
            } catch (RuntimeException | Error e) {
                // The one place get's failures become 126. Exit 1 here would read as "not archived":
                // PostgreSQL would end recovery early and promote at the wrong point.
                throw mustStop(e);
            }
        }

        static PgKeeperException mustStop(Throwable e) {
            PgKeeperException pk = e instanceof Exception ex ? ErrorHandler.translate(ex)
                    : new PgKeeperException(ExitCode.FAILED, "unexpected error: " + e, "rerun with --verbose and report it", e);
            String stop = "recovery stops here on purpose (exit 126) rather than treating the file as missing and promoting early";
            return new PgKeeperException(ExitCode.RECOVERY_MUST_STOP, pk.getMessage(), pk.hint().map(h -> h + "; " + stop).orElse(stop), e);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Report the archive's range per timeline, every gap that recovery from a retained base backup"
                    + " (or from the oldest archived segment) would meet along its timelines, as their history files say,"
                    + " missing timeline history files, and how long ago the newest segment was archived."},
            footerHeading = "%nExamples:%n",
            footer = {"  pgkeeper archive check", "  pgkeeper archive check --json | jq '.gaps'"})
    @Exits({@Exit(value = OK, means = "no gap, no missing history file"), @Exit(value = FAILED, means = "the archive could not be read"),
            @Exit(value = USAGE, means = "policy or usage error, or the repository does not exist"),
            @Exit(value = VERIFICATION_FAILED, means = "a gap or a missing history file: recovery cannot pass it")})
    static final class Check implements Callable<Result>, WorkCommand {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", paramLabel = "SEGMENT",
                description = "start the gap search at this segment instead of the oldest base backup's start")
        String from;

        @Override
        public String kind() {
            return "wal";
        }

        @Override
        public Result call() {
            RunContext ctx = CliContext.open(spec);
            ClusterPolicy cluster = ctx.cluster();
            PhysicalEngine engine = Engines.of(cluster);
            if (!engine.keepsBackupsInRepository()) {
                // pgkeeper's own archive is empty then: its check would pass an archive nobody writes
                throw PgKeeperException.usage("archive check reads pgkeeper's own WAL archive, but cluster " + cluster.name()
                        + " archives through engine " + engine.name() + " into its archive", "run pgkeeper check (it runs "
                        + engine.name() + " check) or pgkeeper verify (pgbackrest verify reads every archived file)");
            }
            Repository repository = ctx.repository();
            ArchiveCheckService service = new ArchiveCheckService(repository, cluster.name(), ctx.clock());
            ArchiveCheckReport r = from == null ? service.check() : service.check(Optional.of(from), "--from");
            int code = r.ok() ? ExitCode.OK.code() : ExitCode.VERIFICATION_FAILED.code();
            return Result.run(code, r, out -> ArchiveCheckOutput.text(r, repository.clusterDir(cluster.name()).resolve("wal")).forEach(out::line));
        }
    }
}
