package io.pgkeeper.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.cli.PgKeeperCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's command table is one table (a blank line would end it and print the rest as text) and lists every command. */
class ReadmeTest {

    @Test
    void theCommandTableIsOneTableWithEveryCommand() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int header = lines.indexOf("| command | what it does |");
        assertTrue(header >= 0, "README has the command table");
        int end = header + 2;
        while (end < lines.size() && lines.get(end).startsWith("|")) {
            end++;
        }
        List<String> rows = lines.subList(header + 2, end);
        List<String> stray = new ArrayList<>();
        for (int i = end; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            if (lines.get(i).startsWith("| `pgkeeper ")) {
                stray.add((i + 1) + ": " + lines.get(i));
            }
        }
        assertEquals(List.of(), stray, "rows cut off from the command table by a blank line");
        for (String command : PgKeeperCommand.commandLine().getSubcommands().keySet()) {
            if (!command.equals("help")) {
                assertTrue(rows.stream().anyMatch(r -> r.startsWith("| `pgkeeper " + command)), "no row for " + command);
            }
        }
    }
}
