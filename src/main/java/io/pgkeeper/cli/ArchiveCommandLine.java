package io.pgkeeper.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.ops.LauncherPath;
import io.pgkeeper.engine.CommandLines;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.util.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code archive command-line}: the exact archive_command and restore_command for this policy
 * and cluster, for either engine (with pgbackrest, pgkeeper delegates to archive-push/-get).
 */
@Command(name = "command-line", mixinStandardHelpOptions = true,
        description = {"Print the archive_command and restore_command lines to put in postgresql.conf for this policy and cluster.",
                "They run 'pgkeeper archive push|get', which with physical.engine pgbackrest delegates to pgbackrest archive-push|get."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper --cluster main archive command-line >> /etc/postgresql/15/main/conf.d/archive.conf"})
final class ArchiveCommandLine implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GlobalOptions g = GlobalOptions.of(spec);
        Map<String, String> env = System.getenv();
        Policy policy = CliContext.policy(g, env);
        ClusterPolicy cluster = policy.cluster(g.cluster());
        String launcher = LauncherPath.of(cluster, env);
        PhysicalEngine engine = Engines.of(cluster);
        CommandLines lines = engine.commandLines(launcher, policy.source(), cluster);
        Output out = new Output(spec);
        if (out.json()) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("command", "archive command-line");
            root.put("cluster", cluster.name());
            root.put("engine", engine.name());
            root.put("archive_command", lines.archiveCommand());
            root.put("restore_command", lines.restoreCommand());
            out.json(root);
        } else {
            out.line("archive_mode = on");
            out.line("archive_command = " + CommandLines.quoted(lines.archiveCommand()));
            out.line("restore_command = " + CommandLines.quoted(lines.restoreCommand()));
        }
        return 0;
    }
}
