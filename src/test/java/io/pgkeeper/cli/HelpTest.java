package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Cli;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers --help with exit 0, an example, and no picocli warnings. */
class HelpTest {

    @Test
    void everyCommandHasHelpWithAnExample() {
        List<String[]> commands = new ArrayList<>();
        collect(PgKeeperCommand.commandLine(), new ArrayList<>(), commands);
        assertTrue(commands.size() > 15, () -> "found only " + commands.size() + " commands");
        for (String[] path : commands) {
            String[] args = new String[path.length + 1];
            System.arraycopy(path, 0, args, 0, path.length);
            args[path.length] = "--help";
            Cli.Result r = Cli.run(args);
            String name = String.join(" ", path);
            assertEquals(0, r.exitCode(), () -> name + ": " + r);
            assertTrue(r.out().contains("Usage: pgkeeper"), () -> name + ": " + r);
            assertTrue(r.out().toLowerCase().contains("example"), () -> name + " --help has no example:\n" + r.out());
            assertFalse(r.err().contains("WARN"), () -> name + ": " + r.err());
        }
    }

    /** The first description line is the summary in the parent's command list: it must be a whole sentence. */
    @Test
    void everySummaryIsAWholeSentence() {
        List<String> cut = new ArrayList<>();
        summaries(PgKeeperCommand.commandLine(), "pgkeeper", cut);
        assertEquals(List.of(), cut, "summaries cut mid-sentence");
        Cli.Result root = Cli.run("--help");
        for (String line : root.out().lines().toList()) {
            assertFalse(line.matches("  [a-z]+ {2,}.*") && line.strip().endsWith(":"), () -> "cut in the command list: " + line);
        }
    }

    private static void summaries(CommandLine cl, String path, List<String> cut) {
        String[] header = cl.getCommandSpec().usageMessage().header();
        String[] description = cl.getCommandSpec().usageMessage().description();
        String summary = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
        if (!summary.matches(".*[.)?]$") || summary.startsWith(" ")) {
            cut.add(path + ": " + summary);
        }
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) {
                summaries(sub, path + " " + name, cut);
            }
        });
    }

    @Test
    void noSubcommandIsAUsageError() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("say which command to run"), r::toString);
    }

    private static void collect(CommandLine cl, List<String> path, List<String[]> out) {
        out.add(path.toArray(new String[0]));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }
}
