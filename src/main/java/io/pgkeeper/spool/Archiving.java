package io.pgkeeper.spool;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.ArchivePolicy;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.util.OsIdentity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * {@code archive push} and {@code archive get} for one cluster: synchronous, as they always were,
 * or through the spool when {@code archive.async} is on. The one place that decides which.
 *
 * @param policyFile the policy file as located (the binding names it)
 * @param cwd where the call runs: restore_command runs in the data directory it recovers
 * @param workerMain the class whose main runs {@code archive worker} (the CLI's, handed down so
 *     that this package does not name the layer above it)
 */
public record Archiving(Policy policy, ClusterPolicy cluster, Repository repository, WalArchive archive, Map<String, String> env,
        Clock clock, OsIdentity os, Path cwd, String workerMain) {

    public Archiving {
        env = Map.copyOf(env);
    }

    ArchivePolicy settings() {
        return cluster.archive();
    }

    /** The spool this policy names for the cluster. */
    public Spool spool() {
        return new Spool(Spool.dirOf(settings(), repository.root(), cluster.name()), Optional.of(cluster.osUser()));
    }

    Path policyFile() {
        return policy.source().toAbsolutePath();
    }

    /** PostgreSQL's archive_command: exits (returns) only once {@code source} is durable in the archive. */
    public WalArchive.PushResult push(Path source, Optional<Path> spoolFlag) {
        if (!settings().async()) {
            spoolFlag.ifPresent(s -> ignoredFlag("push", s));
            return archive.push(source, settings().compress());
        }
        return new AsyncPush(this, checked(spoolFlag)).push(source);
    }

    /** PostgreSQL's restore_command: throws {@link WalArchive.NotArchived} when the archive does not hold {@code name}. */
    public void get(String name, Path dest, Optional<Path> spoolFlag) {
        if (!settings().readAhead()) {
            spoolFlag.ifPresent(s -> ignoredFlag("get", s));
            archive.get(name, dest);
            return;
        }
        new ReadAhead(this, checked(spoolFlag)).get(name, dest);
    }

    /** {@code archive worker push|get}: the background half, started by the calls above. */
    public int worker(String role, Path spoolDir, Path dir, BacklogAlarm alarm) {
        Spool spool = checked(Optional.of(spoolDir));
        return switch (role) {
            case "push" -> new PushWorker(this, spool, dir, alarm).run();
            case "get" -> new GetWorker(this, spool, dir).run();
            default -> throw PgKeeperException.usage("archive worker takes push or get, not '" + role + "'", "it is started by pgkeeper itself");
        };
    }

    /** The spool, after checking that {@code --spool} (which the launcher's shell check trusts) names this policy's. */
    private Spool checked(Optional<Path> spoolFlag) {
        Spool spool = spool();
        if (spoolFlag.isPresent() && !spoolFlag.get().toAbsolutePath().normalize().equals(spool.dir())) {
            throw PgKeeperException.usage("the command line names --spool " + spoolFlag.get() + ", but the spool of clusters." + cluster.name()
                    + " is " + spool.dir() + " (archive.spoolDir); nothing was done",
                    "set archive_command and restore_command to the lines 'pgkeeper archive command-line' prints, and reload the server");
        }
        return spool;
    }

    private void ignoredFlag(String command, Path spoolFlag) {
        LoggerFactory.getLogger(Archiving.class).warn("--spool {} is ignored: clusters.{}.archive.async is off, so archive {} works without"
                + " the spool (set the lines 'pgkeeper archive command-line' prints)", spoolFlag, cluster.name(), command);
    }

    WorkerStarter starter() {
        return new WorkerStarter(os, cluster.osUser(), workerMain);
    }

    /** The arguments that make a worker load the same policy and cluster. */
    java.util.List<String> workerArgs(String role, Spool spool, Path dir) {
        return java.util.List.of("--policy", policyFile().toString(), "--cluster", cluster.name(), "archive", "worker", role,
                "--spool", spool.dir().toString(), "--dir", dir.toAbsolutePath().toString());
    }
}
