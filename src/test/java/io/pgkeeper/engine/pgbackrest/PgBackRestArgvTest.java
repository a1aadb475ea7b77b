package io.pgkeeper.engine.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.engine.BackupType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Exact argv for every pgbackrest command pgkeeper runs. */
class PgBackRestArgvTest {
    static final PgBackRest.Invocation INV = new PgBackRest.Invocation(Path.of("/usr/bin/pgbackrest"), Path.of("/r/main/pgbackrest/pgbackrest.conf"), "main");
    static final List<String> BASE = List.of("/usr/bin/pgbackrest", "--config=/r/main/pgbackrest/pgbackrest.conf", "--stanza=main",
            "--log-level-console=off", "--log-level-stderr=warn");

    static List<String> base(String... rest) {
        List<String> a = new java.util.ArrayList<>(BASE);
        a.addAll(List.of(rest));
        return a;
    }

    @Test
    void simpleCommands() {
        assertEquals(base("stanza-create"), PgBackRest.stanzaCreate(INV));
        assertEquals(base("stanza-upgrade"), PgBackRest.stanzaUpgrade(INV));
        assertEquals(base("check"), PgBackRest.check(INV));
        assertEquals(base("info", "--output=json"), PgBackRest.info(INV));
        assertEquals(base("verify", "--output=text", "--verbose"), PgBackRest.verify(INV));
    }

    @Test
    void backupTypes() {
        assertEquals(base("backup", "--type=full"), PgBackRest.backup(INV, BackupType.FULL));
        assertEquals(base("backup", "--type=diff"), PgBackRest.backup(INV, BackupType.DIFF));
        assertEquals(base("backup", "--type=incr"), PgBackRest.backup(INV, BackupType.INCR));
        assertEquals(Optional.of(BackupType.INCR), BackupType.parse("incr"));
        assertEquals(Optional.empty(), BackupType.parse("weekly"));
    }

    @Test
    void archivePushAndGet() {
        assertEquals(base("archive-push", "pg_wal/000000010000000000000003"), PgBackRest.archivePush(INV, "pg_wal/000000010000000000000003"));
        assertEquals(base("archive-get", "000000010000000000000003", "pg_wal/RECOVERYXLOG"),
                PgBackRest.archiveGet(INV, "000000010000000000000003", "pg_wal/RECOVERYXLOG"));
    }

    @Test
    void restoreWithoutForceHasNoDelta() {
        PgBackRest.Restore r = new PgBackRest.Restore(Path.of("/srv/pitr"), Optional.of("20261121-060308F"), false, Optional.of("time"),
                Optional.of("2026-11-21 06:00:00.000000+00:00"), Optional.of("promote"), Optional.empty(), false);
        assertEquals(base("restore", "--pg1-path=/srv/pitr", "--set=20261121-060308F", "--type=time",
                "--target=2026-11-21 06:00:00.000000+00:00", "--target-action=promote"), PgBackRest.restore(INV, r));
    }

    @Test
    void restoreWithForceImmediateTimelineAndArchiveOff() {
        PgBackRest.Restore r = new PgBackRest.Restore(Path.of("/srv/pitr"), Optional.empty(), true, Optional.of("immediate"),
                Optional.empty(), Optional.of("pause"), Optional.of("latest"), true);
        assertEquals(base("restore", "--pg1-path=/srv/pitr", "--delta", "--type=immediate", "--target-action=pause",
                "--target-timeline=latest", "--archive-mode=off"), PgBackRest.restore(INV, r));
    }

    @Test
    void expireShowsItsPlanOnTheConsole() {
        assertEquals(List.of("/usr/bin/pgbackrest", "--config=/r/main/pgbackrest/pgbackrest.conf", "--stanza=main",
                "--log-level-console=info", "--log-level-stderr=warn", "--dry-run", "expire"), PgBackRest.expire(INV, true));
        assertEquals(List.of("/usr/bin/pgbackrest", "--config=/r/main/pgbackrest/pgbackrest.conf", "--stanza=main",
                "--log-level-console=info", "--log-level-stderr=warn", "expire"), PgBackRest.expire(INV, false));
    }
}
