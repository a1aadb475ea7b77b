package io.pgkeeper.policy;

import java.util.Optional;

/**
 * How {@code pgkeeper basebackup} takes physical backups.
 *
 * @param pgbackrest set when engine is pgbackrest (the policy loader requires it then)
 * @param compress handed to pg_basebackup --compress, e.g. {@code gzip:6}, {@code server-zstd}; none when empty
 */
public record PhysicalPolicy(PhysicalEngine engine, Optional<String> compress, Checkpoint checkpoint, Optional<String> maxRate,
        Optional<PgBackRestPolicy> pgbackrest) {

    public PhysicalPolicy(PhysicalEngine engine, Optional<String> compress, Checkpoint checkpoint, Optional<String> maxRate) {
        this(engine, compress, checkpoint, maxRate, Optional.empty());
    }

    public static PhysicalPolicy defaults() {
        return new PhysicalPolicy(PhysicalKeys.ENGINE.defaultValue(), Optional.empty(), PhysicalKeys.CHECKPOINT.defaultValue(),
                Optional.empty());
    }

    /** pg_basebackup --checkpoint: fast starts at once, spread avoids an I/O spike on the primary. */
    public enum Checkpoint {
        FAST,
        SPREAD
    }
}
