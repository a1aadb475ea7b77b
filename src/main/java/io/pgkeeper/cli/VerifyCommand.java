package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.FAILED;
import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import static io.pgkeeper.error.ExitCode.VERIFICATION_FAILED;
import io.pgkeeper.cli.Exits.Exit;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.verify.CheckResult;
import io.pgkeeper.verify.JunitXml;
import io.pgkeeper.verify.KeptSandbox;
import io.pgkeeper.verify.StepResult;
import io.pgkeeper.verify.VerifyOutcome;
import io.pgkeeper.verify.VerifyReport;
import io.pgkeeper.restore.RecoveryTarget;
import io.pgkeeper.verify.VerifyRequest;
import io.pgkeeper.verify.VerifyService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Prove a backup restores: restore it into a throwaway server and check what came back.",
                "The steps, in order, stopping at the first failure:",
                "  integrity    every file's sha256 against the manifest",
                "  sandbox      a throwaway PostgreSQL server (removed afterwards)",
                "  restore      globals, then every database with pg_restore -j",
                "  fingerprint  schema hash and row counts against those recorded by dump",
                "  checks       the policy's verify.checks",
                "The exit code is the same with --json. Each run is appended to",
                "<repository>/<cluster>/verify.log, which 'pgkeeper list' shows.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper verify",
                "  pgkeeper verify --backup 20261121T030000Z --kind logical",
                "  pgkeeper verify --json --junit verify-junit.xml     (in CI)",
                "  pgkeeper verify --keep-sandbox     (then connect with the printed psql)",
                "  pgkeeper --policy /etc/pgkeeper/pgkeeper.yaml --quiet verify     (cron)",
                "", "See docs/verify.md for cron and CI set-ups."})
@Exits({@Exit(value = OK, means = "every step and check passed"),
        @Exit(value = FAILED, means = "verify could not run (e.g. no sandbox server could start): nothing is proven either way"),
        @Exit(USAGE), @Exit(value = VERIFICATION_FAILED, means = "the backup is proven bad: a step or a check failed")})
final class VerifyCommand implements Callable<Result>, WorkCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--backup", paramLabel = "ID|latest", defaultValue = "latest", description = "backup to verify (default: latest of each kind)")
    String backup;

    @Option(names = "--kind", paramLabel = "logical|physical", description = "only backups of this kind (default: every kind the cluster has)")
    Kind kind;

    @Option(names = "--junit", paramLabel = "FILE", description = "also write the result as JUnit XML: one testcase per step and per check")
    Path junit;

    @Option(names = "--keep-sandbox", description = "leave the throwaway server running (also after a failure) and print how to connect")
    boolean keepSandbox;

    /** Physical backups recover through the archive to the target instead of to consistency. */
    @CommandLine.Mixin
    RecoveryTargetOptions targets;

    enum Kind { logical, physical }

    @Override
    public String kind() {
        return kind == null ? "all" : kind.name();
    }

    @Override
    public Result call() {
        RunContext ctx = CliContext.open(spec);
        Optional<BackupKind> k = Optional.ofNullable(kind).map(x -> BackupKind.parse(x.name()));
        VerifyOutcome outcome = Engines.of(ctx.cluster()).verifier(ctx).verify(new VerifyRequest(backup, k, keepSandbox,
                targets.target(false, RecoveryTarget.Action.PROMOTE, Optional.empty())));
        int code = outcome.exitCode();
        Optional<String> junitProblem = junit == null ? Optional.empty() : writeJunit(outcome);
        if (junitProblem.isPresent()) {
            code = code == 0 ? 1 : code;
        }
        return Result.run(code, outcome.reports().size() == 1 ? outcome.reports().get(0) : several(outcome), out -> {
            junitProblem.ifPresent(p -> {
                out.error("pgkeeper: error: cannot write the JUnit report " + junit + ": " + p);
                out.error("hint: pass --junit a path in a writable directory");
            });
            outcome.reports().forEach(r -> text(out, r));
        });
    }

    /** Several kinds verified: one summary naming each backup (what scripts read with jq .summary), then each report. */
    private static java.util.Map<String, Object> several(VerifyOutcome outcome) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("summary", String.join("; ", outcome.reports().stream()
                .map(r -> r.kind().dirName() + " backup " + r.backupId() + ": " + r.summary()).toList()));
        doc.put("reports", outcome.reports());
        return doc;
    }

    /** Empty when written; else why not. */
    private Optional<String> writeJunit(VerifyOutcome outcome) {
        try {
            Path abs = junit.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Files.writeString(abs, JunitXml.render(outcome.reports()), StandardCharsets.UTF_8);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** Passing lines are left out with --quiet; anything that failed is always printed. */
    private static void text(Output out, VerifyReport r) {
        String head = r.kind().dirName() + " backup " + r.backupId() + " of cluster " + r.cluster() + ": ";
        if (r.ok()) {
            out.done(head + "PASSED");
        } else {
            out.line(head + (r.exitCode() == 3 ? "FAILED, the backup is bad (exit 3)" : "NOT VERIFIED, verify could not run (exit " + r.exitCode() + ")"));
        }
        for (StepResult s : r.steps()) {
            String line = String.format("  %-4s %-12s %s", s.ok() ? "ok" : "FAIL", s.name(), indent(s.message()));
            if (s.ok()) {
                out.done(line);
            } else {
                out.line(line);
            }
        }
        for (CheckResult c : r.checks()) {
            // the label column already says "check"; the message starts with the check's quoted name
            String message = c.message() != null && c.message().startsWith("check ") ? c.message().substring("check ".length()) : c.message();
            String line = String.format("  %-4s %-12s %s", c.ok() ? "ok" : "FAIL", "check", indent(message));
            if (c.ok()) {
                out.done(line);
            } else {
                out.line(line);
            }
        }
        r.warnings().forEach(w -> out.line("  warning: " + w));
        KeptSandbox k = r.sandbox();
        if (k != null) {
            out.line("  the sandbox is still running in " + k.dir() + (k.osUser() == null ? "" : " as OS user " + k.osUser()));
            out.line("    connect: " + k.psql());
            out.line("    remove:  " + k.stop());
        }
    }

    private static String indent(String message) {
        return message == null ? "" : message.replace("\n", "\n                   ");
    }
}
