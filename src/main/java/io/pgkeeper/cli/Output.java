package io.pgkeeper.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.util.Json;
import java.io.PrintWriter;

/**
 * Where a result's text goes. Results go to stdout, diagnostics to stderr. With --json stdout
 * carries the document alone, so the lines for people are left out and only errors pass; with
 * --quiet the lines that only report work done are left out, so cron mails only what matters.
 */
final class Output {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean quiet;

    Output(PrintWriter out, PrintWriter err, boolean json, boolean quiet) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.quiet = quiet;
    }

    /** A line of a query's result (list, status), or one that must be seen: printed even with --quiet. */
    void line(String text) {
        if (!json) {
            out.println(text);
            out.flush();
        }
    }

    /** A line reporting work done: left out with --quiet. */
    void done(String text) {
        if (!quiet) {
            line(text);
        }
    }

    /** A line on stderr that goes with the text (a warning beside a backup id): left out with --json, whose document has it. */
    void note(String text) {
        if (!json) {
            err(text);
        }
    }

    /** What failed, on stderr, also with --json: a script reading the document still gets it in its log. */
    void error(String text) {
        err(text);
    }

    private void err(String text) {
        err.println(text);
        err.flush();
    }

    /** The one way a JSON document reaches stdout. */
    static void json(PrintWriter out, JsonNode document) {
        try {
            out.println(Json.mapper().writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
