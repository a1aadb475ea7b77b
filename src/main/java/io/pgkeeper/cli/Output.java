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

    /** A new backup: its id for people, its manifest in the JSON result for scripts; exit 0. */
    static int newBackup(CommandLine.Model.CommandSpec spec, io.pgkeeper.core.RunContext ctx, io.pgkeeper.repository.Manifest m) {
        Output out = new Output(spec);
        // finished() also hands the document to the after-run hooks (metrics, notifications): always build it
        var result = RunReport.of(spec).finished(spec, ctx.cluster().name(), 0, m);
        if (out.json()) {
            out.json(result);
        } else if (ctx.dryRun()) {
            out.line("dry run: nothing was written; the backup would be " + m.id());
        } else {
            out.done(m.id());
        }
        backupWarnings(spec, out, m);
        return 0;
    }

    /** What a new backup lacks, such as role passwords: on stderr beside the id (stdout stays the id alone), even with --quiet. */
    static void backupWarnings(CommandLine.Model.CommandSpec spec, Output out, io.pgkeeper.repository.Manifest m) {
        if (!out.json()) {
            m.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
            spec.commandLine().getErr().flush();
        }
    }
}
