package io.pgkeeper.cli;

import io.pgkeeper.cli.Exits.Exit;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Writes every command's "Exit codes:" help section from its {@link Exits} and the descriptions of
 * {@link io.pgkeeper.error.ExitCode}, ahead of the footer its {@code @Command} gives (the examples).
 * The man pages read the same section (EXIT STATUS), and docs/cli.md is generated from --help.
 */
final class ExitCodeHelp {
    static final String HEADING = "Exit codes:";

    private ExitCodeHelp() {}

    /** The whole tree below {@code cl}; picocli's own help command has no page and is left alone. */
    static void apply(CommandLine cl, int width) {
        Object command = cl.getCommand();
        if (command instanceof CommandLine.HelpCommand) {
            return;
        }
        Exits exits = command.getClass().getAnnotation(Exits.class);
        if (exits == null) {
            throw new IllegalStateException(command.getClass().getName() + " declares no @Exits: its help would list no exit codes");
        }
        UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        List<String> footer = new ArrayList<>(lines(exits, width));
        String examplesHeading = ManPage.format(usage.footerHeading()).strip();
        if (usage.footer().length > 0) {
            footer.add("");
            if (!examplesHeading.isEmpty()) {
                footer.add(examplesHeading);
            }
            footer.addAll(List.of(usage.footer()));
        }
        usage.footerHeading("%n" + HEADING + "%n");
        usage.footer(footer.toArray(String[]::new));
        cl.getSubcommands().values().stream().distinct().forEach(sub -> apply(sub, width));
    }

    /** {@code "  0    done"}, codes padded to the widest, long meanings wrapped under their first word; as format strings. */
    static List<String> lines(Exits exits, int width) {
        int codeWidth = 1;
        for (Exits.Exit e : exits.value()) {
            codeWidth = Math.max(codeWidth, String.valueOf(e.value().code()).length());
        }
        List<String> out = new ArrayList<>();
        for (Exits.Exit e : exits.value()) {
            String meaning = e.means().isEmpty() ? e.value().description() : e.means();
            String head = "  " + pad(String.valueOf(e.value().code()), codeWidth) + "  ";
            out.addAll(wrap(head, meaning, width));
        }
        return out.stream().map(l -> l.replace("%", "%%")).toList();
    }

    private static List<String> wrap(String head, String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(head);
        String indent = " ".repeat(head.length());
        for (String word : text.split(" ")) {
            if (line.length() > head.length() && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line = new StringBuilder(indent);
            } else if (line.length() > head.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        out.add(line.toString());
        return out;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
