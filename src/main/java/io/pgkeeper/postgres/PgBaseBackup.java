package io.pgkeeper.postgres;

import io.pgkeeper.policy.PhysicalPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** argv for pg_basebackup: tar format with WAL streamed, so the backup is self-contained. */
public final class PgBaseBackup {
    private PgBaseBackup() {}

    public static List<String> argv(PgTools tools, PhysicalPolicy policy, Path dir, String label, boolean progress) {
        List<String> a = new ArrayList<>();
        a.add(tools.bin("pg_basebackup"));
        a.add("--pgdata=" + dir);
        a.add("--format=tar");
        a.add("--wal-method=stream");
        a.add("--checkpoint=" + policy.checkpoint().name().toLowerCase(Locale.ROOT));
        a.add("--label=" + label);
        a.add("--no-password");
        policy.compress().ifPresent(c -> a.add("--compress=" + c));
        policy.maxRate().ifPresent(r -> a.add("--max-rate=" + r));
        if (progress) {
            a.add("--progress");
        }
        return a;
    }

    /** pg_verifybackup reads tar-format backups from PostgreSQL 18 on; older ones only plain directories. */
    public static boolean verifiesTar(PgTools tools) {
        return tools.major() >= 18;
    }

    public static List<String> verifyArgv(PgTools tools, Path dir) {
        return List.of(tools.bin("pg_verifybackup"), "--exit-on-error", "--no-parse-wal", dir.toString());
    }
}
