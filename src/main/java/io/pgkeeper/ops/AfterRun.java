package io.pgkeeper.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.policy.NotifierPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.repository.Repository;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens after a command that does work finished, whatever its outcome: its outcome is
 * remembered, the metrics file rewritten, the notifiers told. Each step is on its own: a failure
 * is logged and the next step still runs; none changes the run's exit code.
 */
public final class AfterRun {
    private static final Logger log = LoggerFactory.getLogger(AfterRun.class);

    private final Policy policy;
    private final Repository repository;
    private final ProcessRunner runner;

    /** @param repository the policy's repository, where outcomes are remembered and metrics read */
    public AfterRun(Policy policy, Repository repository, ProcessRunner runner) {
        this.policy = policy;
        this.repository = repository;
        this.runner = runner;
    }

    /** @param result the run's JSON result document, as --json prints it */
    public void finished(String cluster, String command, String kind, ObjectNode result, Instant finishedAt) {
        int exitCode = result.path("exitCode").asInt(1);
        boolean ok = exitCode == 0;
        Long size = ok && result.path("sizeBytes").isNumber() ? result.path("sizeBytes").asLong() : null;
        RunOutcome outcome = new RunOutcome(command, kind, ok, exitCode, finishedAt, result.path("durationMs").asLong(0),
                ok ? finishedAt : null, size);
        Optional<RunOutcome> previous = Optional.empty();
        boolean remembered = false;
        // A run that failed before any backup existed must not create the repository (a wrong path
        // would be made real); its failure is still notified, but not remembered for onRecovery.
        if (java.nio.file.Files.isDirectory(repository.root())) {
            try {
                previous = new RunStateStore(repository).record(cluster, outcome);
                remembered = true;
            } catch (RuntimeException e) {
                log.warn("could not record the outcome of {} in {}: {}", command, repository.clusterDir(cluster),
                        e instanceof java.io.UncheckedIOException io ? io.getCause().getClass().getSimpleName().replace("Exception", "")
                                + " " + io.getCause().getMessage() : e.getMessage());
            }
        }
        policy.metrics().textfile().ifPresent(textfile -> {
            try {
                new MetricsTextfile(repository).rewrite(policy, textfile);
            } catch (RuntimeException e) {
                log.warn("could not rewrite the metrics file {}: {}", textfile, e.getMessage());
            }
        });
        if (!remembered && ok) {
            log.debug("onRecovery not judged: no previous outcome could be read");
        }
        tell(notifiers(ok, previous), result);
    }

    private List<NotifierPolicy> notifiers(boolean ok, Optional<RunOutcome> previous) {
        List<NotifierPolicy> out = new ArrayList<>();
        if (!ok) {
            out.addAll(policy.notifications().onFailure());
            return out;
        }
        out.addAll(policy.notifications().onSuccess());
        if (previous.isPresent() && !previous.get().ok()) {
            out.addAll(policy.notifications().onRecovery());
        }
        return out;
    }

    private void tell(List<NotifierPolicy> notifiers, ObjectNode result) {
        if (notifiers.isEmpty()) {
            return;
        }
        byte[] json = result.toString().getBytes(StandardCharsets.UTF_8);
        Notifier notifier = new Notifier(runner);
        for (NotifierPolicy n : notifiers) {
            if (notifier.send(n, json)) {
                log.debug("notified {}", n.describe());
            }
        }
    }
}
