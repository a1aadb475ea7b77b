package io.pgkeeper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgkeeper.policy.DumpFormat;
import io.pgkeeper.policy.GlobalsMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgvBuildersTest {
    private static final PgTools TOOLS = new PgTools(Path.of("/opt/pg/bin"), 15, "15.4");

    @Test
    void pgDumpCustomWithEverything() {
        // pg_dump 15 takes a bare gzip level; see compressionSpecTranslatedForPgDumpBefore16
        assertEquals(List.of("/opt/pg/bin/pg_dump", "--format=c", "--compress=6", "--snapshot=00000003-0000001B-1",
                        "--no-password", "--file=/repo/main/logical/20261121T030000Z/app.dump", "--dbname=dbname='app'"),
                PgDump.argv(TOOLS, "app", DumpFormat.CUSTOM, 4, Optional.of("gzip:6"), Optional.of("00000003-0000001B-1"),
                        Path.of("/repo/main/logical/20261121T030000Z/app.dump")));
    }

    @Test
    void pgDumpJobsOnlyForDirectoryFormat() {
        assertEquals(List.of("/opt/pg/bin/pg_dump", "--format=d", "--jobs=3", "--no-password", "--file=/r/app", "--dbname=dbname='app'"),
                PgDump.argv(TOOLS, "app", DumpFormat.DIRECTORY, 3, Optional.empty(), Optional.empty(), Path.of("/r/app")));
        assertEquals(List.of("/opt/pg/bin/pg_dump", "--format=d", "--no-password", "--file=/r/app", "--dbname=dbname='app'"),
                PgDump.argv(TOOLS, "app", DumpFormat.DIRECTORY, 1, Optional.empty(), Optional.empty(), Path.of("/r/app")));
    }

    @Test
    void hostileDatabaseNamesAreQuotedConninfoNeverOptions() {
        assertEquals("--dbname=dbname='-x'", PgDump.argv(TOOLS, "-x", DumpFormat.CUSTOM, 1, Optional.empty(), Optional.empty(),
                Path.of("/r/x")).get(4));
        assertEquals("--dbname=dbname='my \"odd\" db'", Conninfo.dbnameArg("my \"odd\" db"));
        assertEquals("--dbname=dbname='it\\'s a\\\\b=c'", Conninfo.dbnameArg("it's a\\b=c"));
    }

    @Test
    void pgDumpSchemaOnly() {
        assertEquals(List.of("/opt/pg/bin/pg_dump", "--schema-only", "--no-password", "--snapshot=S1", "--dbname=dbname='app'"),
                PgDump.schemaArgv(TOOLS, "app", Optional.of("S1")));
    }

    @Test
    void pgDumpAllRolesOrGlobals() {
        assertEquals(List.of("/opt/pg/bin/pg_dumpall", "--roles-only", "--no-password", "--file=/r/globals.sql", "--dbname=dbname='postgres'"),
                PgDumpAll.globalsArgv(TOOLS, GlobalsMode.ROLES, "postgres", Path.of("/r/globals.sql")));
        assertEquals(List.of("/opt/pg/bin/pg_dumpall", "--globals-only", "--no-password", "--file=/r/globals.sql", "--dbname=dbname='postgres'"),
                PgDumpAll.globalsArgv(TOOLS, GlobalsMode.ALL, "postgres", Path.of("/r/globals.sql")));
        assertThrows(IllegalArgumentException.class, () -> PgDumpAll.globalsArgv(TOOLS, GlobalsMode.NONE, "postgres", Path.of("/r/g.sql")));
    }

    @Test
    void pgRestore() {
        assertEquals(List.of("/opt/pg/bin/pg_restore", "--exit-on-error", "--no-password", "--jobs=4", "--dbname=dbname='app copy'", "/r/app.dump"),
                PgRestore.argv(TOOLS, Path.of("/r/app.dump"), "app copy", 4));
        assertEquals(List.of("/opt/pg/bin/pg_restore", "--exit-on-error", "--no-password", "--dbname=dbname='app'", "/r/app.dump"),
                PgRestore.argv(TOOLS, Path.of("/r/app.dump"), "app", 1));
    }

    @Test
    void compressionSpecTranslatedForPgDumpBefore16() {
        PgTools v16 = new PgTools(Path.of("/opt/pg16/bin"), 16, "16.2");
        assertEquals("--compress=gzip:6", PgDump.argv(v16, "app", DumpFormat.CUSTOM, 1, Optional.of("gzip:6"), Optional.empty(), Path.of("/r/a")).get(2));
        assertEquals("--compress=zstd:3", PgDump.argv(v16, "app", DumpFormat.CUSTOM, 1, Optional.of("zstd:3"), Optional.empty(), Path.of("/r/a")).get(2));
        assertEquals("--compress=6", PgDump.argv(TOOLS, "app", DumpFormat.CUSTOM, 1, Optional.of("gzip:6"), Optional.empty(), Path.of("/r/a")).get(2));
        assertEquals("9", PgDump.compressFor(15, "gzip:level=9"));
        assertEquals("6", PgDump.compressFor(15, "gzip"));
        assertEquals("0", PgDump.compressFor(15, "none"));
        assertEquals("4", PgDump.compressFor(15, "4"));
        assertEquals("lz4", PgDump.compressFor(15, "lz4"));
    }
}
