package io.pgkeeper.postgres;

import io.pgkeeper.policy.GlobalsMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** argv for pg_dumpall, which pgkeeper only uses for cluster-wide objects. */
public final class PgDumpAll {
    private PgDumpAll() {}

    public static List<String> globalsArgv(PgTools tools, GlobalsMode mode, String maintenanceDb, Path output) {
        return globalsArgv(tools, mode, maintenanceDb, output, false);
    }

    /** @param noRolePasswords read pg_roles instead of pg_authid, for a role that may not read the password hashes */
    public static List<String> globalsArgv(PgTools tools, GlobalsMode mode, String maintenanceDb, Path output, boolean noRolePasswords) {
        if (mode == GlobalsMode.NONE) {
            throw new IllegalArgumentException("no globals to dump");
        }
        List<String> a = new ArrayList<>();
        a.add(tools.bin("pg_dumpall"));
        a.add(mode == GlobalsMode.ROLES ? "--roles-only" : "--globals-only");
        if (noRolePasswords) {
            a.add("--no-role-passwords");
        }
        a.add("--no-password");
        a.add("--file=" + output);
        a.add(Conninfo.dbnameArg(maintenanceDb));
        return a;
    }
}
