package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.Optional;

/** The top-level {@code metrics}: the Prometheus textfile rewritten after each run (node_exporter's textfile collector). */
public record MetricsPolicy(Optional<Path> textfile) {

    public static MetricsPolicy none() {
        return new MetricsPolicy(Optional.empty());
    }
}
