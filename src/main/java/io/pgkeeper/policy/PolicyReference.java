package io.pgkeeper.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the declaration of the policy's keys ({@link PolicyKeys} and the sections below it) as
 * the key reference of docs/policy.md, between two markers; the page's prose around them is
 * written by hand. {@code scripts/policy-docs} runs {@link #main}, and a unit test fails when the
 * page differs from what this renders, so the reference cannot drift from the binders.
 */
public final class PolicyReference {
    static final String BEGIN = "<!-- BEGIN key reference: generated from src/main/java/io/pgkeeper/policy/*Keys.java"
            + " by scripts/policy-docs; do not edit by hand -->";
    static final String END = "<!-- END key reference -->";

    /** A section with every path it is found at (one notifier section serves three lists), in the order first found. */
    record Placed(Section section, List<String> paths) {}

    private PolicyReference() {}

    /**
     * With a file argument, rewrites the reference in that page (docs/policy.md); without one,
     * prints the reference.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.out.print(render());
            return;
        }
        Path page = Path.of(args[0]);
        String before = Files.readString(page, StandardCharsets.UTF_8);
        String after = splice(before, render());
        if (!after.equals(before)) {
            Files.writeString(page, after, StandardCharsets.UTF_8);
        }
        System.out.println((after.equals(before) ? "up to date: " : "wrote ") + page);
    }

    /** The page with the text between its markers replaced by {@code reference}. */
    static String splice(String page, String reference) {
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the page has no '" + BEGIN + "' ... '" + END + "' markers");
        }
        return page.substring(0, begin + BEGIN.length()) + "\n\n" + reference + "\n" + page.substring(end);
    }

    /** Every section of the policy, depth first in declaration order, each once. */
    static List<Placed> sections() {
        Map<Section, List<String>> found = new LinkedHashMap<>();
        walk(PolicyKeys.SECTION, "", found);
        List<Placed> out = new ArrayList<>();
        found.forEach((section, paths) -> out.add(new Placed(section, List.copyOf(paths))));
        return out;
    }

    private static void walk(Section section, String path, Map<Section, List<String>> found) {
        boolean first = !found.containsKey(section);
        found.computeIfAbsent(section, s -> new ArrayList<>()).add(path);
        if (!first) {
            return;
        }
        for (Key<?> key : section.keys()) {
            if (key.section() != null) {
                walk(key.section(), childPath(path, key), found);
            }
        }
    }

    /** Where a key's own keys live: {@code verify.checks[]}, {@code clusters.<name>}, {@code logical.databases}. */
    static String childPath(String path, Key<?> key) {
        String at = YamlMap.join(path, key.name());
        return switch (key.shape()) {
            case LIST -> at + "[]";
            case ENTRIES -> at + "." + key.placeholder();
            default -> at;
        };
    }

    static String render() {
        StringBuilder out = new StringBuilder();
        for (Placed placed : sections()) {
            out.append("### ").append(heading(placed.paths())).append("\n\n");
            if (!placed.section().doc().isEmpty()) {
                out.append(placed.section().doc()).append("\n\n");
            }
            out.append("| key | type | default | description |\n|---|---|---|---|\n");
            for (Key<?> key : placed.section().keys()) {
                out.append("| `").append(key.name()).append("` | ").append(cell(type(key))).append(" | ")
                        .append(cell(dflt(key))).append(" | ").append(cell(key.doc())).append(" |\n");
            }
            for (Section.Exclusive x : placed.section().exclusives()) {
                out.append(x.neither().isPresent()
                        ? "\nExactly one of `" + x.first().name() + "` and `" + x.second().name() + "` must be set.\n"
                        : "\n`" + x.first().name() + "` and `" + x.second().name() + "` cannot both be set.\n");
            }
            out.append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static String heading(List<String> paths) {
        if (paths.equals(List.of(""))) {
            return "Top level";
        }
        return "`" + String.join("`, `", paths) + "`";
    }

    private static String type(Key<?> key) {
        return switch (key.shape()) {
            case VALUE -> key.section() == null ? key.type().describe() : key.type().describe() + ", or a mapping (below)";
            case BLOCK -> "mapping";
            case LIST -> "list of mappings";
            case ENTRIES -> "mapping of `" + key.placeholder() + "` to "
                    + (key.section() == null ? key.type().describe() : "a mapping");
            case FORBIDDEN -> "—";
        };
    }

    private static <T> String dflt(Key<T> key) {
        if (key.isRequired()) {
            return "*required*";
        }
        return key.dflt().map(v -> "`" + key.type().spell(v) + "`").orElse(key.unsetMeaning());
    }

    /** Markdown tables split cells at '|', even inside code spans, unless escaped. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
