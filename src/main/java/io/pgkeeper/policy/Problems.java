package io.pgkeeper.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Every problem found in one policy file, each reading {@code FILE:LINE:COLUMN: message} with a
 * 1-based line and column. Collected rather than thrown so that {@code policy validate} can show
 * them all at once.
 */
final class Problems {
    /** Hostile input (a huge file of unknown keys, a node aliased many times) must not flood the terminal. */
    static final int MAX_SHOWN = 500;

    private record Problem(int line, int column, String text) {}

    private final String file;
    private final List<Problem> found = new ArrayList<>();
    private final Set<String> seen = new LinkedHashSet<>();
    private int dropped;

    Problems(String file) {
        this.file = file;
    }

    void at(Node node, String message) {
        at(node.getStartMark(), message);
    }

    void at(Mark mark, String message) {
        if (mark == null) {
            at(1, 1, message);
        } else {
            at(mark.getLine() + 1, mark.getColumn() + 1, message);
        }
    }

    void at(int line, int column, String message) {
        String text = file + ":" + line + ":" + column + ": " + message;
        if (!seen.add(text)) {
            return; // the same node reached twice through an alias says the same thing once
        }
        if (found.size() >= MAX_SHOWN) {
            dropped++;
            return;
        }
        found.add(new Problem(line, column, text));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** In file order, so the list reads top to bottom alongside the file. */
    List<String> list() {
        List<String> out = new ArrayList<>();
        found.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                .forEach(p -> out.add(p.text()));
        if (dropped > 0) {
            out.add(file + ":1:1: " + dropped + " more problems not shown; fix the ones above first");
        }
        return List.copyOf(out);
    }
}
