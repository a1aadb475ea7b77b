package io.pgkeeper.ops;

import io.pgkeeper.policy.NotifierPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.spool.BacklogAlarm;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Tells about an archive backlog as about a failed run: the {@code onFailure} notifiers when it
 * passes archive.backlogWarning, {@code onRecovery} when it is back under half, and the metrics
 * file rewritten at once so that the next scrape shows it.
 */
public final class BacklogNotices implements BacklogAlarm {
    private final Policy policy;
    private final Repository repository;
    private final ProcessRunner runner;

    public BacklogNotices(Policy policy, Repository repository, ProcessRunner runner) {
        this.policy = policy;
        this.repository = repository;
        this.runner = runner;
    }

    @Override
    public void tell(boolean raised, byte[] json) {
        List<NotifierPolicy> who = raised ? policy.notifications().onFailure() : policy.notifications().onRecovery();
        Notifier notifier = new Notifier(runner);
        who.forEach(n -> notifier.send(n, json));
        policy.metrics().textfile().ifPresent(textfile -> {
            try {
                new MetricsTextfile(repository).rewrite(policy, textfile);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(BacklogNotices.class).warn("could not rewrite the metrics file {}: {}", textfile, e.getMessage());
            }
        });
    }
}
