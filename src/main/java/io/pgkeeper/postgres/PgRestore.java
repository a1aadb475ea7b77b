package io.pgkeeper.postgres;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** argv for pg_restore; pure. */
public final class PgRestore {
    private PgRestore() {}

    /** Restores into an existing, empty database; stops at the first error so failures are never silent. */
    public static List<String> argv(PgTools tools, Path dump, String targetDatabase, int jobs) {
        List<String> a = new ArrayList<>();
        a.add(tools.bin("pg_restore"));
        a.add("--exit-on-error");
        a.add("--no-password");
        if (jobs > 1) {
            a.add("--jobs=" + jobs);
        }
        a.add(Conninfo.dbnameArg(targetDatabase));
        a.add(dump.toString());
        return a;
    }

    /** The archive's table of contents with the entries {@code --create} adds for the database itself; no server needed. */
    public static List<String> listArgv(PgTools tools, Path dump) {
        return List.of(tools.bin("pg_restore"), "--list", "--create", "--schema-only", dump.toString());
    }

    /** The SQL of the listed entries only, on stdout; no server needed. */
    public static List<String> scriptArgv(PgTools tools, Path dump, Path useList) {
        return List.of(tools.bin("pg_restore"), "--create", "--schema-only", "--use-list=" + useList, "--file=-", dump.toString());
    }
}
