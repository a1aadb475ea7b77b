package io.pgkeeper.postgres;

import io.pgkeeper.policy.GlobalsMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** argv for pg_dumpall, which pgkeeper only uses for cluster-wide objects. */
public final class PgDumpAll {
    private PgDumpAll() {}

    public static List<String> globalsArgv(PgTools tools, GlobalsMode mode, String maintenanceDb, Path output) {
        if (mode == GlobalsMode.NONE) {
            throw new IllegalArgumentException("no globals to dump");
        }
        List<String> a = new ArrayList<>();
        a.add(tools.bin("pg_dumpall"));
        a.add(mode == GlobalsMode.ROLES ? "--roles-only" : "--globals-only");
        a.add("--no-password");
        a.add("--file=" + output);
        a.add(Conninfo.dbnameArg(maintenanceDb));
        return a;
    }
}
