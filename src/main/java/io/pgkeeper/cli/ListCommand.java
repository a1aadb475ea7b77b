package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.FAILED;
import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import static io.pgkeeper.error.ExitCode.VERIFICATION_FAILED;
import io.pgkeeper.cli.Exits.Exit;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.CatalogEntry;
import io.pgkeeper.repository.CatalogService;
import io.pgkeeper.repository.DamagedBackup;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.Manifest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the completed backups of the cluster, oldest first. Unfinished attempts are never listed.",
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper list", "  pgkeeper list --kind logical --json"})
@Exits({@Exit(OK), @Exit(value = FAILED, means = "the repository could not be read"), @Exit(USAGE),
        @Exit(value = VERIFICATION_FAILED, means = "a backup's manifest is damaged: it is named on stderr and not listed, the others are")})
final class ListCommand implements Callable<Result> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--kind", paramLabel = "logical|physical", description = "only backups of this kind")
    Kind kind;

    enum Kind { logical, physical }

    @Override
    public Result call() {
        RunContext ctx = CliContext.open(spec);
        Optional<BackupKind> k = Optional.ofNullable(kind).map(x -> BackupKind.parse(x.name()));
        List<DamagedBackup> damaged = new ArrayList<>();
        List<CatalogEntry> entries = new ArrayList<>(new CatalogService(ctx.repository()).list(ctx.cluster().name(), k, damaged));
        entries.addAll(Engines.of(ctx.cluster()).catalog(ctx, k));
        entries.sort(java.util.Comparator.comparing((CatalogEntry e) -> e.manifest().startedAt()));
        // One damaged manifest must not hide the good backups: they are listed, the damaged one is
        // named on stderr, and the exit code (3, like any failed integrity check) tells scripts.
        int exit = damaged.isEmpty() ? 0 : ExitCode.VERIFICATION_FAILED.code();
        return new Result(exit, Envelope.NONE, entries, out -> {
            for (DamagedBackup d : damaged) {
                out.error("pgkeeper: error: " + d.kind().dirName() + " backup " + d.id() + " is damaged and not listed: " + d.problem());
            }
            if (!damaged.isEmpty()) {
                out.error("hint: it cannot be restored or verified; take a new backup, then delete "
                        + (damaged.size() == 1 ? damaged.get(0).dir() : "those directories"));
            }
            if (entries.isEmpty()) {
                out.line("no completed backups for cluster " + ctx.cluster().name() + " in " + ctx.repository().root());
            } else {
                table(entries).forEach(out::line);
            }
        });
    }

    private static List<String> table(List<CatalogEntry> entries) {
        TextTable t = new TextTable("ID", "KIND", "STARTED", "DURATION", "SIZE", "SERVER", "CONTENT", "LAST VERIFY");
        for (CatalogEntry e : entries) {
            Manifest m = e.manifest();
            String duration = m.finishedAt() == null ? "-" : io.pgkeeper.util.Durations.format(
                    Duration.ofSeconds(Duration.between(m.startedAt(), m.finishedAt()).toSeconds()));
            String verify = e.lastVerification() == null ? "never"
                    : (e.lastVerification().ok() ? "passed " : "FAILED ") + TIME.format(e.lastVerification().at());
            t.add(m.id(), m.kind().dirName(), TIME.format(m.startedAt()), duration, Sizes.human(m.sizeBytes()),
                    String.valueOf(m.serverVersion()), content(m), verify);
        }
        return t.render();
    }

    private static String content(Manifest m) {
        List<String> names = m.databases().stream().map(DatabaseEntry::name).toList();
        String dbs = names.size() <= 4 ? String.join(",", names) : names.size() + " databases";
        return m.globalsFile() == null ? dbs : dbs + " +globals";
    }
}
