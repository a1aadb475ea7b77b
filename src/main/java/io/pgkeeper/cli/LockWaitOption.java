package io.pgkeeper.cli;

import io.pgkeeper.util.Durations;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --lock-wait DURATION} for commands that take the cluster lock. */
final class LockWaitOption {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    private Duration wait = Duration.ZERO;

    @Option(names = "--lock-wait", paramLabel = "DURATION",
            description = "wait this long for another run's lock (e.g. 30s, 5m, 1h; default 0: fail at once with exit 4)")
    void setWait(String text) {
        wait = Durations.parse(text).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "--lock-wait: '" + text + "' is not a duration (examples: 30s, 5m, 1h)"));
    }

    Duration value() {
        return wait;
    }
}
