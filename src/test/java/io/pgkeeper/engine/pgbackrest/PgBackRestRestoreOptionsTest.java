package io.pgkeeper.engine.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.restore.PhysicalRestoreRequest;
import io.pgkeeper.restore.RecoveryTarget;
import io.pgkeeper.restore.TablespacePlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pgkeeper's recovery-target flags in pgbackrest restore's terms. */
class PgBackRestRestoreOptionsTest {
    static final PgBackRest.Invocation INV = new PgBackRest.Invocation(Path.of("/usr/bin/pgbackrest"), Path.of("/c.conf"), "main");

    /** A side copy (the default) turns archiving off; --archive keeps it. */
    static List<String> argv(RecoveryTarget t, boolean force, boolean archive) {
        PhysicalRestoreRequest req = new PhysicalRestoreRequest(Optional.empty(), Path.of("/srv/pitr"), t, force, false, Optional.empty(),
                archive, Duration.ZERO);
        List<String> all = PgBackRest.restore(INV, PgBackRestRestore.options(req, Path.of("/srv/pitr"), "20261121-060308F", List.of()));
        return all.subList(5, all.size());
    }

    @Test
    void targetTimeIsUtcWithMicroseconds() {
        RecoveryTarget t = RecoveryTarget.of(Optional.of("2026-11-21T14:30:00.25+01:00"), Optional.empty(), Optional.empty(), Optional.empty(),
                false, RecoveryTarget.Action.PROMOTE, Optional.empty());
        assertEquals(List.of("restore", "--pg1-path=/srv/pitr", "--set=20261121-060308F", "--type=time",
                "--target=2026-11-21 13:30:00.250000+00:00", "--target-action=promote"), argv(t, false, true));
    }

    @Test
    void forceIsDeltaAndASideCopyTurnsArchivingOff() {
        RecoveryTarget t = RecoveryTarget.of(Optional.empty(), Optional.of("0/3000060"), Optional.empty(), Optional.empty(), false,
                RecoveryTarget.Action.PAUSE, Optional.of("latest"));
        assertEquals(List.of("restore", "--pg1-path=/srv/pitr", "--set=20261121-060308F", "--delta", "--type=lsn", "--target=0/3000060",
                "--target-action=pause", "--target-timeline=latest", "--archive-mode=off"), argv(t, true, false));
    }

    @Test
    void noTargetReplaysEverythingWithoutTypeOrAction() {
        assertEquals(List.of("restore", "--pg1-path=/srv/pitr", "--set=20261121-060308F"), argv(RecoveryTarget.none(), false, true));
        RecoveryTarget immediate = RecoveryTarget.of(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true,
                RecoveryTarget.Action.PROMOTE, Optional.empty());
        assertEquals(List.of("restore", "--pg1-path=/srv/pitr", "--set=20261121-060308F", "--type=immediate", "--target-action=promote"),
                argv(immediate, false, true));
    }

    @Test
    void mappedTablespacesGoByOidAndAReplicaIsTypeStandby() {
        PhysicalRestoreRequest req = new PhysicalRestoreRequest(Optional.empty(), Path.of("/srv/r"), RecoveryTarget.none(), false, false,
                Optional.empty(), true, List.of(), true, Optional.of("host=db1 user=replicator"), Duration.ZERO);
        List<TablespacePlan.Placement> ts = List.of(new TablespacePlan.Placement("16384", "fast", Path.of("/ts/fast"), Path.of("/copy/fast"), true, false),
                new TablespacePlan.Placement("16390", "slow", Path.of("/ts/slow"), Path.of("/ts/slow"), false, false));
        List<String> all = PgBackRest.restore(INV, PgBackRestRestore.options(req, Path.of("/srv/r"), "20261121-060308F", ts));
        assertEquals(List.of("restore", "--pg1-path=/srv/r", "--set=20261121-060308F", "--type=standby", "--tablespace-map=16384=/copy/fast",
                "--recovery-option=primary_conninfo=host=db1 user=replicator"), all.subList(5, all.size()));
    }
    /** With a bucket, the copy fetches WAL through pgkeeper, which hands pgbackrest the credentials. */
    @Test
    void aRestoreCommandOfPgkeepersReplacesPgbackrestsOwn() {
        PhysicalRestoreRequest req = new PhysicalRestoreRequest(Optional.empty(), Path.of("/srv/pitr"), RecoveryTarget.none(), false, false,
                Optional.empty(), true, Duration.ZERO);
        String get = "/usr/bin/pgkeeper archive get --policy /etc/pgkeeper/pgkeeper.yaml --cluster main %f %p";
        List<String> all = PgBackRest.restore(INV, PgBackRestRestore.options(req, Path.of("/srv/pitr"), "20261121-060308F", List.of(),
                Optional.of(get)));
        assertEquals(List.of("restore", "--pg1-path=/srv/pitr", "--set=20261121-060308F", "--recovery-option=restore_command=" + get),
                all.subList(5, all.size()));
    }
}
