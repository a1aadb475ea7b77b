package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.HelpAgreement;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/** The man pages come from the same picocli model as --help, and say all that --help says. */
class ManPageTest {
    private static final Set<String> MACROS = Set.of(".TH", ".SH", ".TP", ".br", ".PP", ".nf", ".fi");

    private static List<CommandSpec> pages() {
        return ManPage.pages(PgKeeperCommand.commandLine().getCommandSpec());
    }

    @Test
    void everyPageSaysEverythingItsCommandsHelpSays() {
        for (CommandSpec spec : pages()) {
            List<String> args = new ArrayList<>(Arrays.asList(spec.qualifiedName(" ").split(" ")));
            args.remove(0);
            args.add("--help");
            Cli.Result help = Cli.run(args.toArray(String[]::new));
            assertEquals(0, help.exitCode(), help::toString);
            String page = new ManPage(spec, "1.2.3").render();
            List<String> missing = HelpAgreement.missing(help.out(), HelpAgreement.troffText(page));
            assertEquals(List.of(), missing, () -> ManPage.pageName(spec) + " lacks parts of its --help:\n" + page);
        }
    }

    @Test
    void everyCommandHasAPageAndThePagesPointToEachOther() {
        Set<String> names = new TreeSet<>();
        for (CommandSpec spec : pages()) {
            names.add(ManPage.pageName(spec));
        }
        for (String expected : List.of("pgkeeper", "pgkeeper-dump", "pgkeeper-basebackup", "pgkeeper-restore", "pgkeeper-verify",
                "pgkeeper-prune", "pgkeeper-list", "pgkeeper-schedule", "pgkeeper-status", "pgkeeper-check", "pgkeeper-completion",
                "pgkeeper-archive", "pgkeeper-archive-push", "pgkeeper-archive-get", "pgkeeper-archive-check",
                "pgkeeper-archive-command-line", "pgkeeper-policy", "pgkeeper-policy-validate")) {
            assertTrue(names.contains(expected), () -> "no page " + expected + " in " + names);
        }
        assertTrue(!names.contains("pgkeeper-help"), "picocli's help command gets no page: " + names);
        CommandSpec root = pages().get(0);
        String rootPage = new ManPage(root, "1.2.3").render();
        for (CommandSpec sub : ManPage.subcommands(root)) {
            assertTrue(rootPage.contains(Troff.escape(ManPage.pageName(sub)) + "(1)"), () -> "pgkeeper(1) does not point to " + sub.name());
        }
        for (CommandSpec spec : pages().subList(1, pages().size())) {
            String page = new ManPage(spec, "1.2.3").render();
            assertTrue(page.contains(".SH \"SEE ALSO\"\n" + Troff.escape(ManPage.pageName(spec.parent())) + "(1)"),
                    () -> ManPage.pageName(spec) + " does not point back to its parent:\n" + page);
        }
    }

    @Test
    void pagesAreWellFormedTroff() {
        for (CommandSpec spec : pages()) {
            String page = new ManPage(spec, "1.2.3").render();
            assertTrue(page.startsWith(".TH \"" + Troff.escape(ManPage.pageName(spec).toUpperCase(java.util.Locale.ROOT)) + "\" \"1\""), page);
            for (String line : page.split("\n")) {
                if (line.startsWith(".") || line.startsWith("'")) {
                    assertTrue(MACROS.contains(line.split(" ")[0]), () -> "unexpected control line in " + ManPage.pageName(spec) + ": " + line);
                }
                assertTrue(!line.replace("\\-", "").contains("-"), () -> "unescaped '-' (renders as a hyphen, not a minus) in: " + line);
            }
            assertTrue(page.contains(".SH \"NAME\"\n" + Troff.escape(ManPage.pageName(spec)) + " \\- "), page);
        }
    }

    /** groff itself finds nothing to warn about (lintian runs the same check on installed pages). */
    @Test
    void groffRendersEveryPageWithoutWarnings(@TempDir Path tmp) throws Exception {
        assumeTrue(Stream.of(System.getenv("PATH").split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, "groff"))),
                "groff is not installed (apt-get install groff-base)");
        for (CommandSpec spec : pages()) {
            Path file = Files.writeString(tmp.resolve(ManPage.pageName(spec) + ".1"), new ManPage(spec, "1.2.3").render());
            Process p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertEquals("", out, () -> "groff warns about " + file.getFileName());
        }
    }

    @Test
    void descriptionsAndFootersAreReadAsPicocliFormatStrings() {
        assertEquals("a\nb %p", ManPage.format("a%nb %%p"));
        assertEquals("\\-\\-policy C:\\e", Troff.escape("--policy C:\\"));
    }
}
