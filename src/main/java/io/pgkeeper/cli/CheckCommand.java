package io.pgkeeper.cli;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.ops.Finding;
import io.pgkeeper.ops.Preflight;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Preflight: connect to the cluster's server and report, each as ok, warn or fail with the fix:",
                "server and tool versions; wal_level, archive_mode and archive_command (is it pgkeeper's command for this",
                "policy and cluster? the exact line is printed); max_wal_senders and the REPLICATION privilege;",
                "pg_stat_archiver's failures; free space in the repository against the newest backups; the repository's",
                "permissions and owner; that verify's sandbox OS user exists.",
                "Settings only physical backups need fail where the cluster uses them (a basebackup is scheduled, or",
                "physical backups or archived WAL exist), and only warn otherwise."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  no finding failed (warnings allowed)", "  1  a finding failed: fix it before relying on the backups",
                "  2  policy or usage error", "", "Examples:", "  pgkeeper check", "  pgkeeper check --json --cluster main"})
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RunContext ctx = CliContext.open(spec);
        Preflight preflight = new Preflight(ctx, CliContext.policyFile(GlobalOptions.of(spec), ctx.env()));
        List<Finding> findings = preflight.run();
        boolean failed = findings.stream().anyMatch(f -> f.level() == Finding.Level.fail);
        int code = failed ? ExitCode.FAILED.code() : ExitCode.OK.code();
        Output out = new Output(spec);
        if (out.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", "check");
            doc.put("cluster", ctx.cluster().name());
            doc.put("ok", !failed);
            doc.put("exitCode", code);
            doc.put("archiveCommand", preflight.archiveCommand());
            doc.put("findings", findings);
            out.json(doc);
            return code;
        }
        for (Finding f : findings) {
            String line = String.format("%-4s %-22s %s", f.level(), f.name(), f.message());
            if (f.level() == Finding.Level.ok) {
                out.done(line);
            } else {
                out.line(line);
                out.line("     fix: " + f.fix());
            }
        }
        long fails = findings.stream().filter(f -> f.level() == Finding.Level.fail).count();
        long warns = findings.stream().filter(f -> f.level() == Finding.Level.warn).count();
        out.line(fails + " failed, " + warns + " warning" + (warns == 1 ? "" : "s"));
        return code;
    }
}
