package io.pgkeeper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown file, for tests that hold the docs to the program. A
 * block may be named by an HTML comment on the line before its fence, {@code <!-- json-shape: NAME -->}
 * or {@code <!-- snippet: NAME -->}, which the tests use to find what to compare it with.
 */
public final class DocBlocks {
    private static final Pattern TAG = Pattern.compile("^<!-- (json-shape|snippet): ([a-z0-9-]+) -->$");

    /**
     * @param line the fence's line number, 1-based
     * @param tagKind {@code json-shape} or {@code snippet}; null when untagged
     */
    public record Block(Path file, int line, String lang, String tagKind, String tag, String text) {
        public String where() {
            return file + ":" + line;
        }
    }

    private DocBlocks() {}

    public static List<Block> of(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String open = lines.get(i).strip();
            if (!open.startsWith("```")) {
                continue;
            }
            String indent = lines.get(i).substring(0, lines.get(i).indexOf("```"));
            String lang = open.substring(3).strip();
            String tagKind = null;
            String tag = null;
            if (i > 0) {
                Matcher m = TAG.matcher(lines.get(i - 1).strip());
                if (m.matches()) {
                    tagKind = m.group(1);
                    tag = m.group(2);
                }
            }
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals("```")) {
                String l = lines.get(j);
                text.append(l.startsWith(indent) ? l.substring(indent.length()) : l).append('\n');
                j++;
            }
            out.add(new Block(markdown, i + 1, lang, tagKind, tag, text.toString()));
            i = j;
        }
        return out;
    }

    /** The one block with this tag; fails naming the file when there is none or more than one. */
    public static Block tagged(Path markdown, String tag) {
        List<Block> found = of(markdown).stream().filter(b -> tag.equals(b.tag())).toList();
        if (found.size() != 1) {
            throw new AssertionError(markdown + " has " + found.size() + " blocks tagged " + tag);
        }
        return found.get(0);
    }
}
