package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every "Exit codes:" section of --help comes from {@link ExitCode} and the command's {@link Exits}; so does the README's table. */
class ExitCodeHelpTest {
    private static final Pattern CODE_LINE = Pattern.compile("^  (\\d+) +(.*)$");

    /** The codes and meanings of a help text's "Exit codes:" section, continuation lines joined. */
    private static List<String> section(String help) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : help.lines().toList()) {
            if (line.equals(ExitCodeHelp.HEADING)) {
                in = true;
            } else if (in && line.isBlank()) {
                break;
            } else if (in) {
                Matcher m = CODE_LINE.matcher(line);
                if (m.matches()) {
                    out.add(m.group(1) + " " + m.group(2));
                } else {
                    int last = out.size() - 1;
                    out.set(last, out.get(last) + " " + line.strip());
                }
            }
        }
        return out;
    }

    @Test
    void theRootHelpListsEveryExitCodeWithItsDescription() {
        List<String> expected = Arrays.stream(ExitCode.values()).map(c -> c.code() + " " + c.description()).toList();
        assertEquals(expected, section(Cli.run("--help").out()));
    }

    @Test
    void everyCommandsHelpListsTheExitCodesItDeclares() {
        List<CommandSpec> specs = ManPage.pages(PgKeeperCommand.commandLine().getCommandSpec());
        assertTrue(specs.size() > 15, specs::toString);
        for (CommandSpec spec : specs) {
            List<String> args = new ArrayList<>(Arrays.asList(spec.qualifiedName(" ").split(" ")));
            args.remove(0);
            args.add("--help");
            String help = Cli.run(args.toArray(String[]::new)).out();
            Exits exits = spec.userObject().getClass().getAnnotation(Exits.class);
            List<String> expected = Arrays.stream(exits.value())
                    .map(e -> e.value().code() + " " + (e.means().isEmpty() ? e.value().description() : e.means())).toList();
            assertEquals(expected, section(help), () -> spec.qualifiedName() + " --help:\n" + help);
        }
    }

    @Test
    void aCommandWithoutExitsIsRefusedWhenTheHelpIsBuilt() {
        @CommandLine.Command(name = "x")
        class Undeclared implements Runnable {
            @Override
            public void run() {}
        }
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ExitCodeHelp.apply(new CommandLine(new Undeclared()), 100));
        assertTrue(e.getMessage().contains("declares no @Exits"), e::getMessage);
    }

    @Test
    void longMeaningsWrapUnderTheirFirstWord() {
        @Exits({@Exits.Exit(value = ExitCode.OK, means = "one two three four five six"), @Exits.Exit(ExitCode.RECOVERY_MUST_STOP)})
        class Declared {}
        List<String> lines = ExitCodeHelp.lines(Declared.class.getAnnotation(Exits.class), 20);
        assertEquals("  0    one two three", lines.get(0));
        assertEquals("       four five six", lines.get(1));
        assertTrue(lines.get(2).startsWith("  126  only archive"), lines::toString);
    }

    /** README.md's "Exit codes" table says what ExitCode says (backticks aside), code for code. */
    @Test
    void theReadmeTableIsTheEnum() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("## Exit codes"));
        table = table.substring(0, table.indexOf("\n\n", table.indexOf("| code")));
        List<String> rows = table.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).map(l -> l.replace("`", "")).toList();
        List<String> expected = Arrays.stream(ExitCode.values()).map(c -> "| " + c.code() + " | " + c.description() + " |").toList();
        assertEquals(expected, rows);
    }
}
