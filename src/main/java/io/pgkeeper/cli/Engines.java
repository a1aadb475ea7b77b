package io.pgkeeper.cli;

import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.engine.basebackup.BaseBackupEngine;
import io.pgkeeper.engine.pgbackrest.PgBackRestEngine;
import io.pgkeeper.policy.ClusterPolicy;

/**
 * The one place the physical engine is chosen, from {@code clusters.<name>.physical.engine}.
 * It sits in the composition layer because only this layer may know both implementations: the
 * services below ask the {@link PhysicalEngine} they are given and never look at the policy's
 * choice themselves.
 */
final class Engines {
    private Engines() {}

    static PhysicalEngine of(ClusterPolicy cluster) {
        return switch (cluster.physical().engine()) {
            case PG_BASEBACKUP -> new BaseBackupEngine();
            case PGBACKREST -> new PgBackRestEngine();
        };
    }
}
