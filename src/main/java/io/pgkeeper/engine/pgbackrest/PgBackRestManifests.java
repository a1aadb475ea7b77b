package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.PhysicalInfo;
import io.pgkeeper.repository.Versions;
import io.pgkeeper.util.PgKeeperVersion;
import java.util.List;
import java.util.Map;

/**
 * A pgBackRest backup in the shape of pgkeeper's manifest, so that {@code list}, {@code basebackup
 * --json} and verify show it like any other physical backup. Nothing of it is written to disk:
 * pgBackRest's own repository is the record, read through {@code pgbackrest info}.
 */
public final class PgBackRestManifests {
    public static final String ENGINE = "pgbackrest";

    private PgBackRestManifests() {}

    public static Manifest of(String cluster, PgBackRestBackup b, String compression, List<List<String>> commands) {
        int timeline = b.archiveStart() == null || b.archiveStart().length() < 8 ? 0 : Integer.parseInt(b.archiveStart().substring(0, 8), 16);
        PhysicalInfo info = new PhysicalInfo(ENGINE, "pgbackrest", compression, b.lsnStart(), b.lsnStop(), timeline,
                b.archiveStart(), b.archiveStop(), 0, false, b.type(), b.prior().orElse(null));
        Versions versions = new Versions(PgKeeperVersion.get(), b.pgVersion(), Map.of());
        return Manifest.builder(b.label(), cluster, BackupKind.PHYSICAL).startedAt(b.startedAt()).finishedAt(b.finishedAt())
                .server(b.pgVersion(), b.systemIdentifier()).versions(versions).sizeBytes(b.sizeBytes()).physical(info, List.of())
                .commands(commands).build();
    }

    /** The compress-type the policy sets, or pgBackRest's default. */
    static String compression(io.pgkeeper.policy.ClusterPolicy cluster) {
        return cluster.physical().pgbackrest().map(p -> p.options().getOrDefault("compress-type", p.config().isPresent() ? "from config" : "gz"))
                .orElse("gz");
    }
}
