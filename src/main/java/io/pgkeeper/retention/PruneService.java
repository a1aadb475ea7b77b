package io.pgkeeper.retention;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.RetentionPolicy;
import io.pgkeeper.repository.Attempt;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.VerifyLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pgkeeper prune}: reads the catalog, asks {@link RetentionPlanner} what goes, and deletes
 * it crash-safely ({@link PruneRemoval}), then the WAL no kept backup needs ({@link PruneWal}).
 * A dry run plans from the same catalog and deletes nothing.
 */
public final class PruneService {
    private static final Logger log = LoggerFactory.getLogger(PruneService.class);

    private final RunContext ctx;

    public PruneService(RunContext ctx) {
        this.ctx = ctx;
    }

    public PruneResult prune(PruneRequest request) {
        Repository repo = ctx.repository();
        String cluster = ctx.cluster().name();
        Instant startedAt = ctx.clock().instant();
        if (ctx.dryRun()) {
            // Without the lock, a held lock means a run is writing its attempt right now.
            Catalog catalog = readCatalog(repo.isLocked(cluster, LockName.CLUSTER));
            RetentionPlan plan = plan(catalog, startedAt);
            List<String> wal = expiredWal(plan);
            return result(startedAt, true, outcomes(plan, catalog, Map.of()), wal, plan, List.of());
        }
        repo.ensureWritable(repo.clusterDir(cluster));
        // the lock dump and restore take: prune never runs beside a backup of the same cluster
        try (ClusterLock lock = repo.lock(cluster, LockName.CLUSTER, "prune", request.lockWait())) {
            // We hold the cluster lock, so no other run can be writing an attempt.
            Catalog catalog = readCatalog(false);
            RetentionPlan plan = plan(catalog, startedAt);
            return execute(plan, catalog, startedAt);
        }
    }

    private PruneResult execute(RetentionPlan plan, Catalog catalog, Instant startedAt) {
        Map<String, String> failures = new HashMap<>();
        List<String> errors = new ArrayList<>();
        for (Decision d : plan.deletions()) {
            Path dir = catalog.dirOf(d);
            try {
                StoredRemoval.remove(ctx.repository(), dir);
                log.info("deleted {} backup {} ({})", d.kind().label(), d.id(), String.join("; ", d.reasons()));
            } catch (IOException | UncheckedIOException e) {
                String why = describe(e);
                failures.put(key(d.kind(), d.id()), why);
                errors.add("cannot delete " + dir + ": " + why);
                log.warn("cannot delete {}: {}", dir, why);
            }
        }
        List<String> walDeleted = List.of();
        if (!errors.isEmpty()) {
            log.warn("WAL left untouched because a backup could not be deleted");
        } else if (plan.walKeepFrom().isPresent()) {
            try {
                walDeleted = StoredRemoval.deleteWal(ctx.repository(), walDir(), plan.walKeepFrom().get());
            } catch (IOException | UncheckedIOException e) {
                errors.add("cannot expire WAL in " + walDir() + ": " + describe(e));
            }
        }
        return result(startedAt, false, outcomes(plan, catalog, failures), walDeleted, plan, errors);
    }

    private PruneResult result(Instant startedAt, boolean dryRun, List<PruneOutcome> outcomes, List<String> wal,
            RetentionPlan plan, List<String> errors) {
        long ms = Math.max(0, Duration.between(startedAt, ctx.clock().instant()).toMillis());
        return new PruneResult(ctx.cluster().name(), errors.isEmpty(), dryRun, startedAt, ms, outcomes, wal,
                plan.walKeepFrom().orElse(null), errors);
    }

    private List<String> expiredWal(RetentionPlan plan) {
        if (plan.walKeepFrom().isEmpty()) {
            return List.of();
        }
        try {
            return StoredRemoval.expiredWal(ctx.repository(), walDir(), plan.walKeepFrom().get());
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot list the WAL archive " + walDir() + ": " + describe(e),
                    "check the repository's permissions", e);
        }
    }

    private RetentionPlan plan(Catalog catalog, Instant now) {
        RetentionPolicy policy = ctx.cluster().retention();
        RetentionPlan planned;
        try {
            planned = RetentionPlanner.plan(catalog.completed(), catalog.attempts(), policy, now);
        } catch (IllegalArgumentException e) {
            throw PgKeeperException.failed("cannot apply retention to cluster " + ctx.cluster().name() + ": " + e.getMessage(),
                    "inspect the repository " + ctx.repository().root() + "; prune deletes nothing until the catalog is consistent");
        }
        // Leftovers go after the plan's own decisions of their kind, keeping the plan's order by kind.
        List<Decision> all = Stream.concat(planned.decisions().stream(), catalog.leftovers().stream())
                .sorted(Comparator.comparing(Decision::kind))
                .toList();
        return new RetentionPlan(all, planned.walKeepFrom());
    }

    private Catalog readCatalog(boolean attemptsLocked) {
        Repository repo = ctx.repository();
        String cluster = ctx.cluster().name();
        List<Backup> backups = repo.completed(cluster, Optional.empty());
        List<Attempt> attempts = repo.attempts(cluster);
        var verified = new VerifyLog(repo, cluster).latestByBackup();
        return new Catalog(backups, attempts, PruneInputs.completed(backups, verified),
                PruneInputs.attempts(attempts, attemptsLocked), PruneInputs.leftovers(attempts));
    }

    private List<PruneOutcome> outcomes(RetentionPlan plan, Catalog catalog, Map<String, String> failures) {
        Map<String, Instant> started = new HashMap<>();
        catalog.completed().forEach(b -> started.put(key(b.kind(), b.id()), b.startedAt()));
        return plan.decisions().stream()
                .map(d -> new PruneOutcome(d.id(), d.kind().label(), d.keeps() ? "keep" : "delete", d.reasons(),
                        started.get(key(d.kind(), d.id())), failures.get(key(d.kind(), d.id()))))
                .toList();
    }

    private Path walDir() {
        return ctx.repository().clusterDir(ctx.cluster().name()).resolve("wal");
    }

    private static String key(RetentionKind kind, String id) {
        return kind.label() + "/" + id;
    }

    private static String describe(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        String simple = t.getClass().getSimpleName().replace("Exception", "");
        return t.getMessage() == null ? simple : simple + " " + t.getMessage();
    }

    /** The catalog as read once: directories by id, and the planner's view of them. */
    private record Catalog(List<Backup> backups, List<Attempt> rawAttempts, List<CompletedBackup> completed,
            List<UnfinishedAttempt> attempts, List<Decision> leftovers) {

        Path dirOf(Decision d) {
            Stream<Path> backupDirs = backups.stream()
                    .filter(b -> PruneInputs.kindOf(b.manifest().kind()) == d.kind() && b.id().equals(d.id()))
                    .map(Backup::dir);
            Stream<Path> attemptDirs = rawAttempts.stream()
                    .filter(a -> PruneInputs.kindOf(a.kind()) == d.kind() && a.id().equals(d.id()))
                    .map(Attempt::dir);
            return Stream.concat(backupDirs, attemptDirs).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no directory for " + d.kind().label() + " " + d.id()));
        }
    }
}
