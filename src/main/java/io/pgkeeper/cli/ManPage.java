package io.pgkeeper.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page (troff, man(7) macros) of one command, written from the same picocli model that
 * prints its --help: the synopsis, description, options, arguments, subcommands and the footer
 * (exit codes, examples) are all read from the {@link CommandSpec}, so the two cannot drift.
 * picocli's own ManPageGenerator writes AsciiDoc, which would need Asciidoctor (JRuby) at build
 * time to become a man page; the subset of troff a page needs is small enough to write here.
 */
public final class ManPage {
    private final CommandSpec spec;
    private final String version;
    private final Troff out = new Troff();

    public ManPage(CommandSpec spec, String version) {
        this.spec = spec;
        this.version = version;
    }

    /** pgkeeper-archive-push for "pgkeeper archive push": the page's name, as in git(1). */
    public static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** The commands that get a page of their own: every visible one but picocli's help command. */
    public static List<CommandSpec> pages(CommandSpec root) {
        List<CommandSpec> all = new ArrayList<>();
        all.add(root);
        for (CommandSpec sub : subcommands(root)) {
            all.addAll(pages(sub));
        }
        return all;
    }

    /** Visible subcommands, once each (the map holds aliases too), help command excluded. */
    static List<CommandSpec> subcommands(CommandSpec spec) {
        Map<CommandSpec, Boolean> seen = new IdentityHashMap<>();
        List<CommandSpec> out = new ArrayList<>();
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (!s.usageMessage().hidden() && !(s.userObject() instanceof CommandLine.HelpCommand) && seen.put(s, Boolean.TRUE) == null) {
                out.add(s);
            }
        }
        return out;
    }

    public String render() {
        String name = pageName(spec);
        out.macro(".TH", name.toUpperCase(Locale.ROOT), "1", "", "pgkeeper " + version, "pgkeeper manual");
        out.section("NAME");
        out.text(name + " - " + summary(spec));
        out.section("SYNOPSIS");
        for (String line : help().synopsis(0).stripTrailing().split("\n", -1)) {
            out.verbatim(line);
        }
        out.section("DESCRIPTION");
        lines(spec.usageMessage().description());
        options();
        arguments();
        commands();
        footer();
        if (spec.parent() == null) {
            RootPageSections.append(out);
        }
        out.section("SEE ALSO");
        List<String> refs = new ArrayList<>();
        if (spec.parent() != null) {
            refs.add(pageName(spec.parent()) + "(1)");
        }
        for (CommandSpec sub : subcommands(spec)) {
            refs.add(pageName(sub) + "(1)");
        }
        if (spec.parent() != null && spec.parent().parent() != null) {
            refs.add("pgkeeper(1)");
        }
        out.text(String.join(", ", refs.isEmpty() ? List.of("pgkeeper(1)") : refs));
        return out.render();
    }

    static String summary(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        return d.length == 0 ? "" : format(d[0]).split("\n")[0].strip();
    }

    private CommandLine.Help help() {
        return new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    }

    private void options() {
        List<OptionSpec> visible = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!visible.isEmpty()) {
            out.section("OPTIONS");
        }
        for (OptionSpec o : visible) {
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add("\\fB" + Troff.escape(n) + "\\fR");
            }
            String label = o.arity().max() > 0 ? "=\\fI" + Troff.escape(o.paramLabel()) + "\\fR" : "";
            item(String.join(", ", names) + label, o);
        }
    }

    private void arguments() {
        List<PositionalParamSpec> visible = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!visible.isEmpty()) {
            out.section("ARGUMENTS");
        }
        for (PositionalParamSpec p : visible) {
            item("\\fI" + Troff.escape(p.paramLabel()) + "\\fR", p);
        }
    }

    private void item(String tag, ArgSpec arg) {
        out.tag(tag);
        lines(arg.renderedDescription());
    }

    private void commands() {
        List<CommandSpec> subs = subcommands(spec);
        if (!subs.isEmpty()) {
            out.section("COMMANDS");
        }
        for (CommandSpec sub : subs) {
            out.tagged(sub.name(), summary(sub) + " See " + pageName(sub) + "(1).");
        }
    }

    /** The footer, with its heading: "Exit codes:" and "Examples:" become sections of their own. */
    private void footer() {
        List<String> lines = new ArrayList<>();
        String heading = format(spec.usageMessage().footerHeading()).strip();
        if (!heading.isEmpty()) {
            lines.add(heading);
        }
        for (String f : spec.usageMessage().footer()) {
            lines.addAll(List.of(format(f).split("\n", -1)));
        }
        for (String line : lines) {
            if (!line.startsWith(" ") && line.endsWith(":")) {
                String title = line.substring(0, line.length() - 1).toUpperCase(Locale.ROOT);
                out.section(title.startsWith("EXIT CODES") ? "EXIT STATUS" : title);
            } else if (line.startsWith(" ")) {
                out.verbatim(line.strip().isEmpty() ? "" : line.substring(2));
            } else if (line.isBlank()) {
                out.endVerbatim();
            } else {
                out.text(line);
            }
        }
    }

    /** Each line of a picocli description on a line of its own, as --help prints them. */
    private void lines(String[] description) {
        boolean first = true;
        for (String d : description) {
            for (String line : format(d).split("\n", -1)) {
                if (line.isBlank()) {
                    out.paragraph();
                    first = true;
                    continue;
                }
                if (!first) {
                    out.lineBreak();
                }
                out.text(line);
                first = false;
            }
        }
    }

    /** picocli descriptions and footers are format strings: %n is a line break, %% a percent sign. */
    static String format(String s) {
        return s.replace("%n", "\n").replace("%%", "%");
    }
}
