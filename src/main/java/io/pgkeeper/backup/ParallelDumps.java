package io.pgkeeper.backup;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.DatabaseInfo;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.repository.DatabaseEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dumps the selected databases, {@code logical.parallelDatabases} at a time; the first failure stops the rest. */
final class ParallelDumps {
    private static final Logger log = LoggerFactory.getLogger(ParallelDumps.class);

    private ParallelDumps() {}

    static List<DatabaseEntry> run(RunContext ctx, PgAccess access, PgTools tools, Path dir, DatabaseDumper.Streams streams,
            List<DatabaseInfo> selected,
            List<List<String>> commands) {
        int parallel = Math.max(1, Math.min(ctx.cluster().logical().parallelDatabases(), selected.size()));
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "dump-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<DatabaseEntry>> futures = new ArrayList<>();
            for (DatabaseInfo d : selected) {
                futures.add(pool.submit(() -> new DatabaseDumper(ctx, access, tools, dir, streams).dump(d, commands)));
            }
            List<DatabaseEntry> out = new ArrayList<>();
            long started = System.nanoTime();
            for (Future<DatabaseEntry> f : futures) {
                try {
                    out.add(f.get());
                    long bytes = out.stream().mapToLong(DatabaseEntry::sizeBytes).sum();
                    double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
                    ctx.progress().report(String.format(java.util.Locale.ROOT, "dumped %d/%d databases, %.1f MiB written (%.1f MiB/s)",
                            out.size(), selected.size(), bytes / 1048576.0, bytes / 1048576.0 / seconds));
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw PgKeeperException.failed("dump failed: " + e.getCause(), null, e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(other -> other.cancel(true));
                    throw PgKeeperException.failed("dump interrupted", null);
                }
            }
            out.sort(Comparator.comparing(DatabaseEntry::name));
            return out;
        } finally {
            pool.shutdownNow();
            // a failed database must not let the caller delete the attempt while another worker's
            // pg_dump still writes into it
            awaitWorkers(ctx, pool);
        }
    }

    private static void awaitWorkers(RunContext ctx, ExecutorService pool) {
        try {
            if (!pool.awaitTermination(ctx.cluster().timeouts().dump().toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
                log.warn("dump workers did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
