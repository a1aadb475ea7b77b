package io.pgkeeper.policy;

import io.pgkeeper.error.PgKeeperException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The whole validated policy file. Built once per run by {@link PolicyLoader}; immutable. */
public record Policy(Path source, int version, RepositoryPolicy repository, Map<String, ClusterPolicy> clusters, NotifyPolicy notifications,
        MetricsPolicy metrics) {

    public Policy {
        clusters = Map.copyOf(clusters);
    }

    /** A policy with no notifiers and no metrics file. */
    public Policy(Path source, int version, RepositoryPolicy repository, Map<String, ClusterPolicy> clusters) {
        this(source, version, repository, clusters, NotifyPolicy.none(), MetricsPolicy.none());
    }

    /**
     * The cluster a command works on: the named one, or the only one. Anything else is a usage
     * error that lists what the policy does define.
     */
    public ClusterPolicy cluster(Optional<String> name) {
        if (name.isPresent()) {
            ClusterPolicy found = clusters.get(name.get());
            if (found == null) {
                throw PgKeeperException.usage(
                        "unknown cluster '" + name.get() + "' in " + source + " (known: " + known() + ")",
                        "pass --cluster with one of: " + known());
            }
            return found;
        }
        if (clusters.size() == 1) {
            return clusters.values().iterator().next();
        }
        throw PgKeeperException.usage(
                source + " defines " + clusters.size() + " clusters (" + known() + "); say which one",
                "pass --cluster NAME");
    }

    private String known() {
        return String.join(", ", new java.util.TreeSet<>(clusters.keySet()));
    }
}
