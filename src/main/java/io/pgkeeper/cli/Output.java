package io.pgkeeper.cli;

import io.pgkeeper.util.Json;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Results go to stdout: JSON for scripts, text for people; --quiet silences text results of commands that do work. */
final class Output {
    private final PrintWriter out;
    private final GlobalOptions globals;

    Output(CommandLine.Model.CommandSpec spec) {
        this.out = spec.commandLine().getOut();
        this.globals = GlobalOptions.of(spec);
    }

    boolean json() {
        return globals.json();
    }

    void json(Object value) {
        try {
            out.println(Json.mapper().writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** A line of a query's result (list, status): printed even with --quiet. */
    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** A line reporting work done: left out with --quiet so cron mails only what matters. */
    void done(String text) {
        if (!globals.quiet()) {
            line(text);
        }
    }
}
