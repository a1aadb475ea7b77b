package io.pgkeeper.policy;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns the bytes of a policy file into a SnakeYAML node tree, with every node's position, within
 * limits that keep hostile input cheap. Composing stops at nodes: no Java object is ever
 * constructed from the file, so no YAML tag can instantiate anything.
 */
final class PolicyYaml {
    /** A policy is a few kilobytes; a megabyte is a mistake or an attack. */
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_CODE_POINTS = 1024 * 1024;
    /** Anchors are handy for sharing a block between clusters; billions of laughs are not. */
    static final int MAX_ALIASES = 50;
    /** The policy schema is six levels deep; the margin is for flow-style values. */
    static final int MAX_DEPTH = 32;

    private PolicyYaml() {}

    /** The document's root node, or empty with the reason recorded (empty file, syntax error, limits). */
    static Optional<Node> parse(byte[] bytes, Problems problems) {
        if (bytes.length > MAX_BYTES) {
            problems.at(1, 1, "the policy file is larger than " + MAX_BYTES / (1024 * 1024) + " MiB; a policy is a few kilobytes");
            return Optional.empty();
        }
        Optional<String> text = decode(bytes, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Node> root = compose(text.get(), problems);
        if (root.isPresent() && YamlMap.isNull(root.get())) {
            root = Optional.empty();
        }
        if (root.isEmpty() && problems.isEmpty()) {
            problems.at(1, 1, "policy is empty (start from config/pgkeeper.example.yaml)");
        }
        return root;
    }

    private static Optional<String> decode(byte[] bytes, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int lineStart = 0;
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
            problems.at(line, before.codePointCount(0, before.length()) + 1,
                    "the policy file is not valid UTF-8 (byte " + (offset + 1) + "); save it as UTF-8");
            return Optional.empty();
        }
        out.flip();
        String text = out.toString();
        return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /**
     * Built from SnakeYAML's parts rather than {@code Yaml#compose} so that the stream reader's
     * position can place the errors SnakeYAML raises without a mark (alias, depth and size limits).
     */
    private static Optional<Node> compose(String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setProcessComments(false);
        StreamReader reader = new StreamReader(text);
        try {
            Composer composer = new Composer(new ParserImpl(reader, options), new Resolver(), options);
            return Optional.ofNullable(composer.getSingleNode());
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.at(mark, "YAML syntax error: " + syntaxMessage(e));
        } catch (ReaderException e) {
            int[] at = lineColumn(text, e.getPosition());
            problems.at(at[0], at[1], "the policy file contains the control character U+"
                    + String.format("%04X", e.getCodePoint()) + ", which YAML does not allow");
        } catch (RuntimeException | StackOverflowError e) {
            // Hostile or unusual input may trip a limit or a SnakeYAML bug: either way it is a
            // problem with this file, reported where the reader stopped, never a stack trace.
            problems.at(reader.getMark(), "cannot read the policy as YAML: " + oneLine(e.getMessage(), e));
        }
        return Optional.empty();
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
        String context = e.getProblem() != null && e.getContext() != null ? " (" + e.getContext() + ")" : "";
        // SnakeYAML's wording for a line indented deeper or shallower than its neighbours.
        String hint = problem != null && problem.contains("expected <block end>") ? "; check the indentation" : "";
        return oneLine(problem + context + hint, e);
    }

    private static String oneLine(String message, Throwable e) {
        String text = message == null ? e.getClass().getSimpleName() : message;
        return text.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** 1-based line and column of a code point index, counting line breaks as YAML does. */
    static int[] lineColumn(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int i = 0;
        for (int cp = 0; cp < codePointIndex && i < text.length(); cp++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) {
                line++;
                column = 1;
            } else if (c != '\r') {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
