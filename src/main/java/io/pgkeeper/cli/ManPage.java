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
    private final StringBuilder out = new StringBuilder();

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
        macro(".TH", name.toUpperCase(Locale.ROOT), "1", "", "pgkeeper " + version, "pgkeeper manual");
        section("NAME");
        text(name + " - " + summary(spec));
        section("SYNOPSIS");
        verbatim(help().synopsis(0).stripTrailing());
        section("DESCRIPTION");
        lines(spec.usageMessage().description());
        options();
        arguments();
        commands();
        footer();
        if (spec.parent() == null) {
            RootPageSections.append(this);
        }
        section("SEE ALSO");
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
        text(String.join(", ", refs.isEmpty() ? List.of("pgkeeper(1)") : refs));
        return out.toString();
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
        if (visible.isEmpty()) {
            return;
        }
        section("OPTIONS");
        for (OptionSpec o : visible) {
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add("\\fB" + escape(n) + "\\fR");
            }
            String label = o.arity().max() > 0 ? "=\\fI" + escape(o.paramLabel()) + "\\fR" : "";
            item(String.join(", ", names) + label, o);
        }
    }

    private void arguments() {
        List<PositionalParamSpec> visible = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (visible.isEmpty()) {
            return;
        }
        section("ARGUMENTS");
        for (PositionalParamSpec p : visible) {
            item("\\fI" + escape(p.paramLabel()) + "\\fR", p);
        }
    }

    private void item(String tag, ArgSpec arg) {
        out.append(".TP\n").append(tag).append('\n');
        lines(arg.renderedDescription());
    }

    private void commands() {
        List<CommandSpec> subs = subcommands(spec);
        if (subs.isEmpty()) {
            return;
        }
        section("COMMANDS");
        for (CommandSpec sub : subs) {
            tagged(sub.name(), summary(sub) + " See " + pageName(sub) + "(1).");
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
        boolean inVerbatim = false;
        for (String line : lines) {
            boolean indented = line.startsWith(" ");
            if (!indented && line.endsWith(":")) {
                inVerbatim = endVerbatim(inVerbatim);
                String title = line.substring(0, line.length() - 1).toUpperCase(Locale.ROOT);
                section(title.startsWith("EXIT CODES") ? "EXIT STATUS" : title);
            } else if (indented) {
                if (!inVerbatim) {
                    out.append(".nf\n");
                    inVerbatim = true;
                }
                String body = escape(line.strip().isEmpty() ? "" : line.substring(2));
                out.append(body.startsWith(".") || body.startsWith("'") ? "\\&" : "").append(body).append('\n');
            } else if (line.isBlank()) {
                inVerbatim = endVerbatim(inVerbatim);
            } else {
                inVerbatim = endVerbatim(inVerbatim);
                text(line);
            }
        }
        endVerbatim(inVerbatim);
    }

    private boolean endVerbatim(boolean inVerbatim) {
        if (inVerbatim) {
            out.append(".fi\n");
        }
        return false;
    }

    /** Each line of a picocli description on a line of its own, as --help prints them. */
    private void lines(String[] description) {
        boolean first = true;
        for (String d : description) {
            for (String line : format(d).split("\n", -1)) {
                if (line.isBlank()) {
                    out.append(".PP\n");
                    first = true;
                    continue;
                }
                if (!first) {
                    out.append(".br\n");
                }
                text(line);
                first = false;
            }
        }
    }

    void section(String title) {
        out.append(".SH ").append(quote(title)).append('\n');
    }

    /** A tagged paragraph: the tag in bold, the text indented below it. */
    void tagged(String tag, String text) {
        out.append(".TP\n\\fB").append(escape(tag)).append("\\fR\n");
        text(text);
    }

    void text(String line) {
        String t = escape(line.strip());
        out.append(t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t).append('\n');
    }

    void verbatim(String block) {
        out.append(".nf\n");
        for (String line : block.split("\n", -1)) {
            out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" : "").append(escape(line)).append('\n');
        }
        out.append(".fi\n");
    }

    void macro(String name, String... args) {
        out.append(name);
        for (String a : args) {
            out.append(' ').append(quote(a));
        }
        out.append('\n');
    }

    private static String quote(String arg) {
        return "\"" + escape(arg).replace("\"", "\\(dq") + "\"";
    }

    /** Backslashes, and every '-' as \- so that options and commands copy as ASCII hyphen-minus. */
    static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }

    /** picocli descriptions and footers are format strings: %n is a line break, %% a percent sign. */
    static String format(String s) {
        return s.replace("%n", "\n").replace("%%", "%");
    }
}
