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
        return argv(tools, database, format, jobs, compress, snapshot, Optional.of(output));
    }

    /** A custom-format dump to stdout (no {@code --file}), for streaming it into the repository. */
    public static List<String> toStdoutArgv(PgTools tools, String database, Optional<String> compress, Optional<String> snapshot) {
        return argv(tools, database, DumpFormat.CUSTOM, 1, compress, snapshot, Optional.empty());
    }

    private static List<String> argv(PgTools tools, String database, DumpFormat format, int jobs, Optional<String> compress,
            Optional<String> snapshot, Optional<Path> output) {
        List<String> a = new ArrayList<>();
        a.add(tools.bin("pg_dump"));
        a.add("--format=" + format.pgDumpFlag());
        if (format == DumpFormat.DIRECTORY && jobs > 1) {
            a.add("--jobs=" + jobs);
        }
        compress.ifPresent(c -> a.add("--compress=" + compressFor(tools.major(), c)));
        snapshot.ifPresent(s -> a.add("--snapshot=" + s));
        a.add("--no-password");
        output.ifPresent(o -> a.add("--file=" + o));
        a.add(Conninfo.dbnameArg(database));
        return a;
    }

    /**
     * The policy speaks pg_dump 16's {@code METHOD[:DETAIL]}; older pg_dump takes only a gzip level
     * 0-9, so {@code gzip:N}, {@code gzip} and {@code none} are translated for it. Anything else is
     * passed through, and an older pg_dump says plainly that it does not know the method.
     */
    static String compressFor(int toolMajor, String compress) {
        if (toolMajor >= 16) {
            return compress;
        }
        String c = compress.trim().toLowerCase(java.util.Locale.ROOT);
        if (c.equals("none")) {
            return "0";
        }
        if (c.equals("gzip")) {
            return "6";
        }
        if (c.matches("gzip:\\d")) {
            return c.substring(5);
        }
        if (c.matches("gzip:level=\\d")) {
            return c.substring(11);
        }
        return compress;
    }

    /** Schema-only SQL on stdout, for the schema fingerprint. */
    public static List<String> schemaArgv(PgTools tools, String database, Optional<String> snapshot) {
        return schemaArgv(tools, database, snapshot, false);
    }

    /** @param create with the database itself: CREATE DATABASE, its settings, ACL and comment */
    public static List<String> schemaArgv(PgTools tools, String database, Optional<String> snapshot, boolean create) {
        List<String> a = new ArrayList<>();
        a.add(tools.bin("pg_dump"));
        a.add("--schema-only");
        if (create) {
            a.add("--create");
        }
        a.add("--no-password");
        snapshot.ifPresent(s -> a.add("--snapshot=" + s));
        a.add(Conninfo.dbnameArg(database));
        return a;
    }
}
