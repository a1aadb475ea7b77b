package io.pgkeeper.verify;

import java.util.Objects;

/**
 * What one verify step proved, in words for the report, and the state the next step starts
 * from: steps hand their results on explicitly, never through fields of the run.
 */
public record Proved<T>(String message, T state) {
    /** The state of a step that hands nothing on. */
    public enum Nothing { NOTHING }

    public Proved {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(state, "state");
    }

    public static Proved<Nothing> that(String message) {
        return new Proved<>(message, Nothing.NOTHING);
    }

    public static <T> Proved<T> that(String message, T state) {
        return new Proved<>(message, state);
    }
}
