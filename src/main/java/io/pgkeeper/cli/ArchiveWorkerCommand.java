package io.pgkeeper.cli;

import io.pgkeeper.cli.Exits.Exit;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.ops.BacklogNotices;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code archive worker push|get}: the background half of asynchronous archiving, started by
 * {@code archive push} and {@code archive get} themselves (io.pgkeeper.spool), never by hand.
 */
@Command(name = "worker", hidden = true, mixinStandardHelpOptions = true,
        description = {"The background worker of archive.async (started by archive push and archive get; not for use by hand)."},
        footerHeading = "%nExample (what archive push starts, as the server's OS user):%n",
        footer = {"  pgkeeper --policy /etc/pgkeeper/pgkeeper.yaml --cluster main archive worker push"
                + " --spool /var/lib/pgkeeper/spool/main --dir /var/lib/postgresql/15/main/pg_wal"})
@Exits({@Exit(value = ExitCode.OK, means = "idle, or another worker already serves the spool: the worker exits"),
        @Exit(value = ExitCode.FAILED, means = "the worker could not run; archive push and get wait for acknowledgements and fail closed"),
        @Exit(value = ExitCode.USAGE, means = "--spool names another spool than the policy's, or a policy or usage error")})
final class ArchiveWorkerCommand implements Callable<Integer> {
    /** archive push/get --spool. */
    static final String SPOOL_DOC = "with archive.async: the cluster's spool (archive.spoolDir), which lets the launcher answer an"
            + " acknowledged segment without starting Java; 'archive command-line' prints it";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "push|get")
    String role;

    @Option(names = OptionNames.SPOOL, paramLabel = "DIR", required = true)
    Path spool;

    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "push: pg_wal; get: the read-ahead queue")
    Path dir;

    @Override
    public Integer call() {
        CliContext cli = CliContext.of(spec);
        ArchiveTarget t = cli.archive("worker", java.util.Optional.of(spool));
        return t.site().archiving().worker(role, spool, dir, new BacklogNotices(cli.policy(), cli.repository(), cli.runner()));
    }
}
