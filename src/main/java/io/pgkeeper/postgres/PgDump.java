package io.pgkeeper.postgres;

import io.pgkeeper.policy.DumpFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** argv for pg_dump; pure. */
public final class PgDump {
    private PgDump() {}

    /**
     * @param snapshot an exported snapshot to dump in, so row counts taken in that snapshot match
     *     the dump exactly
     */
    public static List<String> argv(PgTools tools, String database, DumpFormat format, int jobs, Optional<String> compress,
            Optional<String> snapshot, Path output) {
        List<String> a = new ArrayList<>();
        a.add(tools.bin("pg_dump"));
        a.add("--format=" + format.pgDumpFlag());
        if (format == DumpFormat.DIRECTORY && jobs > 1) {
            a.add("--jobs=" + jobs);
        }
        compress.ifPresent(c -> a.add("--compress=" + c));
        snapshot.ifPresent(s -> a.add("--snapshot=" + s));
        a.add("--no-password");
        a.add("--file=" + output);
        a.add(Conninfo.dbnameArg(database));
        return a;
    }

    /** Schema-only SQL on stdout, for the schema fingerprint. */
    public static List<String> schemaArgv(PgTools tools, String database, Optional<String> snapshot) {
        List<String> a = new ArrayList<>();
        a.add(tools.bin("pg_dump"));
        a.add("--schema-only");
        a.add("--no-password");
        snapshot.ifPresent(s -> a.add("--snapshot=" + s));
        a.add(Conninfo.dbnameArg(database));
        return a;
    }
}
