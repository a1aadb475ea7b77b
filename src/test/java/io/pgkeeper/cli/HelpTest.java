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
