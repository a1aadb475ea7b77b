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
}
