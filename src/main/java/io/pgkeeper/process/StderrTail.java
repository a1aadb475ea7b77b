package io.pgkeeper.process;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last lines a tool wrote to stderr, for error messages; bounded so a chatty tool can't fill memory. */
final class StderrTail {
    private static final int MAX_LINES = 20;
    private static final int MAX_LINE_LENGTH = 2000;

    private final Deque<String> lines = new ArrayDeque<>();

    synchronized void add(String line) {
        String trimmed = line.length() > MAX_LINE_LENGTH ? line.substring(0, MAX_LINE_LENGTH) + "…" : line;
        if (lines.size() == MAX_LINES) {
            lines.removeFirst();
        }
        lines.addLast(trimmed);
    }

    synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }
}
