package io.pgkeeper.cli;

/**
 * What a command hands back instead of printing: its exit code, its JSON document (the envelope
 * and the details that join it) and how it reads for people. {@link Renderer} prints it, the one
 * place that decides between text and JSON.
 *
 * @param details a record, map or JSON node whose fields join the envelope's (see {@link Envelope#document})
 * @param text the lines for people; also run with --json, when only {@link Output#error} reaches the screen
 */
record Result(int exitCode, Envelope envelope, Object details, Text text) {

    /** How a result reads: lines on stdout, diagnostics on stderr, through {@link Output}. */
    @FunctionalInterface
    interface Text {
        Text NONE = out -> { };

        void write(Output out);
    }

    /** Only an exit code: nothing on stdout, with --json neither (archive push with engine pgbackrest). */
    static Result silent(int exitCode) {
        return new Result(exitCode, Envelope.NONE, null, Text.NONE);
    }

    /** A command that did work: the whole envelope, the document notifiers get. */
    static Result run(int exitCode, Object details, Text text) {
        return new Result(exitCode, Envelope.RUN, details, text);
    }
}
