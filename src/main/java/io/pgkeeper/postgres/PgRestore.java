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
}
