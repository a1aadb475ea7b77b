package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DumpFileNamesTest {
    @Test
    void plainNamesStayReadable() {
        assertEquals("app_2", DumpFileNames.encode("app_2"));
        assertEquals("my-db.v2", DumpFileNames.encode("my-db.v2"));
    }

    @Test
    void hostileNamesBecomeSafeFileNames() {
        assertEquals("%2Dx", DumpFileNames.encode("-x"));
        assertEquals("%2E.", DumpFileNames.encode(".."));
        assertEquals("%2E.%2F", DumpFileNames.encode("../"));
        assertEquals("my%20%22odd%22%20db", DumpFileNames.encode("my \"odd\" db"));
        assertEquals("%C3%9Cn%C3%AFc%C3%B8d%C3%A9", DumpFileNames.encode("Ünïcødé"));
        assertTrue(DumpFileNames.encode("a/b").matches("[A-Za-z0-9_.%-]+"));
    }

    @Test
    void distinctNamesGetDistinctFiles() {
        assertNotEquals(DumpFileNames.encode("a b"), DumpFileNames.encode("a_b"));
        assertNotEquals(DumpFileNames.encode("a%20b"), DumpFileNames.encode("a b"));
        assertNotEquals(DumpFileNames.encode("App"), DumpFileNames.encode("app"));
    }

    @Test
    void noDatabaseNameCollidesWithTheBackupsOwnFilesOrAnotherDatabasesFiles() {
        java.util.Set<String> own = java.util.Set.of("manifest.json", "globals.sql");
        String[] names = {"globals.sql", "manifest.json", "x", "x.schema", "x.dump", "x.dir", "x.schema.sql", "globals", "manifest"};
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (String n : names) {
            for (String f : java.util.List.of(DumpFileNames.dump(n, io.pgkeeper.policy.DumpFormat.CUSTOM),
                    DumpFileNames.dump(n, io.pgkeeper.policy.DumpFormat.DIRECTORY), DumpFileNames.schema(n))) {
                assertTrue(!own.contains(f), f);
                String before = seen.put(f, n);
                assertTrue(before == null || before.equals(n), f + " is the file of both " + before + " and " + n);
            }
        }
        assertEquals("globals.sql.dir", DumpFileNames.dump("globals.sql", io.pgkeeper.policy.DumpFormat.DIRECTORY));
        assertEquals("app.dump", DumpFileNames.dump("app", io.pgkeeper.policy.DumpFormat.CUSTOM));
        assertEquals("app.schema.sql", DumpFileNames.schema("app"));
    }
}
