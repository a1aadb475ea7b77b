package io.pgkeeper.verify;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one verify pipeline as a step sees it: each step runs only when every earlier one passed,
 * and passes its state on to the next. A step returns what it proved or throws a
 * {@link StepFailure}; any other failure means verify could not run.
 */
public interface Pipeline {

    /** Runs the step unless an earlier one failed; its state, or empty once a step failed. */
    <T> Optional<T> step(String name, Supplier<Proved<T>> step);
}
