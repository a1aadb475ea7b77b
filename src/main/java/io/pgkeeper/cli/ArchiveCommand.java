package io.pgkeeper.cli;

import java.util.Map;
import io.pgkeeper.policy.PolicyLocator;
import io.pgkeeper.policy.PolicyLoader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.archive.ArchiveCheckReport;
import io.pgkeeper.archive.ArchiveCheckService;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.engine.ArchiveSite;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.util.Json;
import java.nio.file.Path;
import java.time.Clock;
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
        subcommands = {ArchiveCommand.Push.class, ArchiveCommand.Get.class, ArchiveCommand.Check.class, ArchiveCommandLine.class},
        footerHeading = "%nExamples (postgresql.conf):%n",
        footer = {"  archive_command = 'pgkeeper archive push --policy /etc/pgkeeper/pgkeeper.yaml --cluster main %%p'",
                "  restore_command = 'pgkeeper archive get --policy /etc/pgkeeper/pgkeeper.yaml --cluster main %%f %%p'",
                "  pgkeeper archive check --json", "  pgkeeper archive command-line     # the exact lines for this policy"})
final class ArchiveCommand implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ArchiveCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The archive of one cluster of one policy; also what {@link ArchiveFastPath} works on. */
    record Target(ClusterPolicy cluster, Repository repository, WalArchive archive, Path source) {
        static Target of(CommandLine.Model.CommandSpec spec, String command) {
            GlobalOptions g = GlobalOptions.of(spec);
            if (g.dryRun()) {
                throw PgKeeperException.usage("--dry-run does not apply to archive " + command
                                + ": exiting 0 without doing the work would tell PostgreSQL it was done",
                        "leave out --dry-run");
            }
            return of(g.policy(), g.cluster());
        }

        static Target of(Optional<Path> policyFlag, Optional<String> clusterName) {
            Map<String, String> env = System.getenv();
            Policy policy = new PolicyLoader().load(PolicyLocator.locate(policyFlag, env, Path.of("")), env);
            ClusterPolicy cluster = policy.cluster(clusterName);
            Repository repository = Repository.posix(policy.repository().path(), Optional.of(cluster.osUser()),
                    io.pgkeeper.util.OsIdentity.current(), Clock.systemUTC());
            return new Target(cluster, repository, WalArchive.of(repository, cluster.name()), policy.source());
        }

        /** What the engine pushes and gets with; the runner only when it runs a child process. */
        ArchiveSite site() {
            return new ArchiveSite(cluster, repository, archive, SystemProcessRunner::new, System.getenv(), Optional.of(source.toString()));
        }

        PhysicalEngine engine() {
            return Engines.of(cluster);
        }
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = {"Archive one WAL file (PostgreSQL's archive_command). Exits 0 only once the file is durable in the archive.",
                    "An identical file already archived under the name exits 0 with a warning; a different one exits 1 and changes nothing.",
                    "A segment written by another cluster (another system identifier) is refused. Takes no lock."},
            footerHeading = "%nExit codes:%n",
            footer = {"  0  archived (or already archived with identical content)",
                    "  1  not archived: PostgreSQL keeps the file and retries", "  2  not a WAL file name, or a policy error", "",
                    "Example (postgresql.conf):",
                    "  archive_command = 'pgkeeper archive push --policy /etc/pgkeeper/pgkeeper.yaml --cluster main %%p'"})
    static final class Push implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "the WAL file, %%p in archive_command")
        Path path;

        @Option(names = "--engine", paramLabel = "pg_basebackup|pgbackrest",
                description = "the physical engine this archive_command was set up for: refuse to archive when the policy names another"
                        + " ('archive command-line' prints it; pgBackRest also requires its name in archive_command)")
        String engine;

        @Override
        public Integer call() {
            Target t = Target.of(spec, "push");
            PhysicalEngine e = t.engine();
            e.requireArchivingFor(t.cluster(), engine);
            Optional<WalArchive.PushResult> pushed = e.push(t.site(), path);
            if (pushed.isEmpty()) {
                return ExitCode.OK.code();
            }
            WalArchive.PushResult r = pushed.get();
            log.debug("archived {} as {}", path, r.file().path());
            Output out = new Output(spec);
            if (out.json()) {
                ObjectNode root = Json.mapper().createObjectNode();
                root.put("command", "archive push");
                root.put("ok", true);
                root.put("name", r.file().walName());
                root.put("file", r.file().path().toString());
                root.put("sha256", r.file().sha256());
                root.put("alreadyArchived", r.alreadyArchived());
                out.json(root);
            }
            return ExitCode.OK.code();
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Restore one WAL file from the archive (PostgreSQL's restore_command), checking its sha256 first.",
                    "A file that is not archived exits 1 without a message (--verbose says why): PostgreSQL asks for such files"
                            + " at the end of every recovery.",
                    "Any other failure exits 126, which makes PostgreSQL stop recovery instead of promoting early."},
            footerHeading = "%nExit codes:%n",
            footer = {"  0    written whole to DEST", "  1    not in the archive (the normal end of recovery)",
                    "  2    bad command-line options", "  126  corrupt file, unreadable repository, bad name or policy: recovery must stop", "",
                    "Example (postgresql.conf of a restored server; pgkeeper restore writes it):",
                    "  restore_command = 'pgkeeper archive get --policy /etc/pgkeeper/pgkeeper.yaml --cluster main %%f %%p'"})
    static final class Get implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the WAL file name, %%f in restore_command")
        String name;

        @Parameters(index = "1", paramLabel = "DEST", description = "where to write it, %%p in restore_command")
        Path dest;

        @Override
        public Integer call() {
            try {
                Target t = Target.of(spec, "get");
                t.engine().get(t.site(), name, dest);
                Output out = new Output(spec);
                if (out.json()) {
                    out.json(result(true, true));
                }
                return ExitCode.OK.code();
            } catch (WalArchive.NotArchived e) {
                // Normal at the end of recovery, and PostgreSQL probes for history files that never
                // existed: a line per probe in the server log would hide real problems.
                log.debug("{}", e.getMessage());
                Output out = new Output(spec);
                if (out.json()) {
                    out.json(result(false, false));
                }
                return ExitCode.FAILED.code();
            } catch (RuntimeException | Error e) {
                // The one place get's failures become 126. Exit 1 here would read as "not archived":
                // PostgreSQL would end recovery early and promote at the wrong point.
                throw mustStop(e);
            }
        }

        private ObjectNode result(boolean ok, boolean found) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("command", "archive get");
            root.put("ok", ok);
            root.put("name", name);
            root.put("found", found);
            root.put("dest", dest.toString());
            return root;
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
            footerHeading = "%nExit codes:%n",
            footer = {"  0  no gap, no missing history file", "  1  the archive could not be read",
                    "  3  a gap or a missing history file: recovery cannot pass it", "",
                    "Examples:", "  pgkeeper archive check", "  pgkeeper archive check --json | jq '.gaps'"})
    static final class Check implements Callable<Integer>, WorkCommand {
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
        public Integer call() {
            GlobalOptions g = GlobalOptions.of(spec);
            Policy policy = CliContext.policy(g, System.getenv());
            ClusterPolicy cluster = policy.cluster(g.cluster());
            Repository repository = Repository.posix(policy.repository().path(), Optional.of(cluster.osUser()),
                    io.pgkeeper.util.OsIdentity.current(), Clock.systemUTC());
            ArchiveCheckService service = new ArchiveCheckService(repository, cluster.name(), Clock.systemUTC());
            ArchiveCheckReport r = from == null ? service.check() : service.check(Optional.of(from), "--from");
            Output out = new Output(spec);
            int code = r.ok() ? ExitCode.OK.code() : ExitCode.VERIFICATION_FAILED.code();
            ObjectNode result = RunReport.of(spec).finished(spec, cluster.name(), code, r);
            if (out.json()) {
                out.json(result);
            } else {
                ArchiveCheckOutput.text(r, repository.clusterDir(cluster.name()).resolve("wal")).forEach(out::line);
            }
            return code;
        }
    }
}
