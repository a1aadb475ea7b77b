package io.pgkeeper.policy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One notifier: a command that gets the run's JSON result on stdin, or a webhook the result is
 * POSTed to. Exactly one of {@code command} (non-empty) and {@code webhook} is set.
 */
public record NotifierPolicy(List<String> command, Optional<URI> webhook, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(OpsKeys.TIMEOUT_SECONDS.defaultValue());

    public NotifierPolicy {
        command = List.copyOf(command);
    }

    /** For logs: the program or the webhook's host, never the full URL (it often holds a token). */
    public String describe() {
        return webhook.map(u -> "webhook to " + u.getScheme() + "://" + u.getHost()).orElseGet(() -> "command " + command.get(0));
    }
}
