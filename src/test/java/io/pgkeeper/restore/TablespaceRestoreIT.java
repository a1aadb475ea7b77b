package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Amcheck;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Copy;
import io.pgkeeper.testing.Tablespaces;
import io.pgkeeper.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import io.pgkeeper.testing.ArchivingPrimaryExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A primary with two user tablespaces outside its data directory, owned by postgres, holding a
 * table, an index and a partition: every restore must bring them back, never write into the
 * source's tablespace directories (their checksums are compared), and pass pg_amcheck.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ArchivingPrimaryExtension.class)
class TablespaceRestoreIT {
    static ArchivingPrimary primary;
    static Path fast;
    static Path slow;
    static String backupId;

    @BeforeAll
    static void setUp(ArchivingPrimary started) {
        primary = started;
        TestCluster pg = primary.server();
        fast = Tablespaces.create(pg, primary.dir(), "fast");
        slow = Tablespaces.create(pg, primary.dir(), "slow");
        pg.execute("postgres", "CREATE TABLE orders(id int PRIMARY KEY USING INDEX TABLESPACE slow, note text) TABLESPACE fast",
                "INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 5000) g",
                "CREATE TABLE events(at date, n int) PARTITION BY RANGE (at)",
                "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') TABLESPACE slow",
                "INSERT INTO events SELECT date '2026-01-01' + (g % 300), g FROM generate_series(1, 3000) g", "ANALYZE", "CHECKPOINT");
        backupId = primary.basebackup();
        pg.execute("postgres", "INSERT INTO orders SELECT g, 'late ' || g FROM generate_series(5001, 5100) g", "CHECKPOINT");
        primary.server().switchWalAndWaitArchived();
    }

    @Test
    @Order(1)
    void theManifestRecordsEachTablespacesOidNameAndPath() {
        Cli.Result r = primary.pgkeeper("--json", "list", "--kind", "physical");
        assertTrue(r.out().contains("\"tablespaces\""), r::toString);
        assertTrue(r.out().contains("\"name\" : \"fast\"") && r.out().contains("\"path\" : \"" + fast + "\""), r::toString);
        assertTrue(r.out().contains("\"name\" : \"slow\"") && r.out().contains("\"path\" : \"" + slow + "\""), r::toString);
        assertTrue(r.out().contains("\"fromStandby\" : false"), r::toString);
    }

    @Test
    @Order(2)
    void withoutAMappingTheSourcesTablespaceDirectoryIsRefusedBeforeAnythingIsWritten() {
        Map<String, String> before = Tablespaces.checksums(fast);
        Path target = primary.dir().resolve("refused");
        Cli.Result r = primary.run("restore", "--backup", backupId, "--pgdata", target.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains(fast + " is not empty") || r.err().contains(slow + " is not empty"), r::toString);
        assertTrue(r.err().contains("--tablespace-map"), r::toString);
        assertFalse(Files.exists(target), "nothing was written");
        assertEquals(before, Tablespaces.checksums(fast));
    }

    @Test
    @Order(3)
    void withAMappingBothTablespacesAreRestoredElsewhereAndTheSourceIsUntouched() throws Exception {
        Map<String, String> fastBefore = Tablespaces.checksums(fast);
        Map<String, String> slowBefore = Tablespaces.checksums(slow);
        Path target = primary.dir().resolve("mapped");
        Path fastCopy = primary.dir().resolve("copy-ts/fast");
        Path slowCopy = primary.dir().resolve("copy-ts/slow");
        int port = Copy.freePort();
        Cli.Result r = primary.pgkeeper("restore", "--backup", backupId, "--pgdata", target.toString(), "--tablespace-map", fast + "=" + fastCopy,
                "--tablespace-map", slow + "=" + slowCopy, "--start", "--port", Integer.toString(port));
        try (Copy copy = new Copy(target, port)) {
            assertTrue(r.out().contains("recovery promoted"), r::toString);
            assertEquals(5100, copy.queryLong("postgres", "SELECT count(*) FROM orders"), copy::log);
            assertEquals(3000, copy.queryLong("postgres", "SELECT count(*) FROM events"));
            assertEquals(fastCopy.toString(), copy.queryString("postgres", "SELECT pg_tablespace_location(oid) FROM pg_tablespace WHERE spcname = 'fast'"));
            assertEquals(slowCopy.toString(), Files.readSymbolicLink(target.resolve("pg_tblspc").resolve(oid("slow"))).toString());
            // PostgreSQL renames tablespace_map once it used it; what it used names the copy's directories
            String map = Files.readString(Files.exists(target.resolve("tablespace_map")) ? target.resolve("tablespace_map") : target.resolve("tablespace_map.old"));
            assertTrue(map.contains(fastCopy.toString()) && map.contains(slowCopy.toString()) && !map.contains(fast + "\n"), map);
            Amcheck.check(port);
            // the copy writes into its tablespaces; none of it may reach the source's
            copy.execute("postgres", "INSERT INTO orders SELECT g, 'copy' FROM generate_series(100000, 120000) g",
                    "UPDATE events SET n = n + 1", "CHECKPOINT");
            assertEquals(TestCluster.OS_USER, Files.getOwner(fastCopy).getName());
            assertEquals(TestCluster.OS_USER, Files.getOwner(fastCopy.getParent()).getName());
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(fastCopy)));
        }
        assertEquals(fastBefore, Tablespaces.checksums(fast));
        assertEquals(slowBefore, Tablespaces.checksums(slow));
        assertEquals(5100, primary.server().queryLong("postgres", "SELECT count(*) FROM orders"));

        // --force over that stopped copy replaces its tablespaces with it: they are its own (its pg_tblspc links point there)
        Cli.Result again = primary.pgkeeper("restore", "--backup", backupId, "--pgdata", target.toString(), "--force", "--tablespace-map",
                fast + "=" + fastCopy, "--tablespace-map", slow + "=" + slowCopy, "--start", "--port", Integer.toString(port));
        try (Copy copy = new Copy(target, port)) {
            assertTrue(again.out().contains("recovery promoted"), again::toString);
            assertEquals(5100, copy.queryLong("postgres", "SELECT count(*) FROM orders"), copy::log);
            Amcheck.check(port);
        }
        assertEquals(fastBefore, Tablespaces.checksums(fast));
    }

    @Test
    @Order(4)
    void physicalVerifyPassesAndKeepsItsTablespacesInsideTheSandbox() throws Exception {
        Map<String, String> before = Tablespaces.checksums(fast);
        Path sandboxes = Files.createDirectories(primary.dir().resolve("sandboxes"));
        primary.policy(primary.server().port(), "    verify:\n      sandbox:\n        baseDir: " + sandboxes + "\n");
        Cli.Result v = primary.pgkeeper("verify", "--kind", "physical", "--backup", backupId);
        assertTrue(v.out().contains("pg_verifybackup") || v.out().contains("passed"), v::toString);
        Cli.Result json = primary.pgkeeper("--json", "verify", "--kind", "physical", "--backup", backupId);
        assertTrue(json.out().contains("2 tablespace(s) inside the sandbox"), json::toString);
        assertEquals(before, Tablespaces.checksums(fast));
        primary.policy(primary.server().port(), "");
    }

    @Test
    @Order(5)
    void withoutAMappingATablespaceGoesBackToItsRecordedPathWhenThatIsFree() throws Exception {
        // the source's host is gone: its tablespace directories are free on the host restored to
        primary.server().server().stop();
        Path fastAside = fast.resolveSibling("fast.source");
        Path slowAside = slow.resolveSibling("slow.source");
        Files.move(fast, fastAside);
        Files.move(slow, slowAside);
        Map<String, String> fastBefore = Tablespaces.checksums(fastAside);
        Path target = primary.dir().resolve("unmapped");
        int port = Copy.freePort();
        try {
            Cli.Result r = primary.pgkeeper("restore", "--backup", backupId, "--pgdata", target.toString(), "--start", "--port", Integer.toString(port));
            try (Copy copy = new Copy(target, port)) {
                assertTrue(r.out().contains("(where the source had it)"), r::toString);
                assertEquals(5100, copy.queryLong("postgres", "SELECT count(*) FROM orders"), copy::log);
                assertEquals(fast.toString(), copy.queryString("postgres", "SELECT pg_tablespace_location(oid) FROM pg_tablespace WHERE spcname = 'fast'"));
                Amcheck.check(port);
                copy.execute("postgres", "DELETE FROM orders WHERE id < 100", "CHECKPOINT");
            }
            assertEquals(fastBefore, Tablespaces.checksums(fastAside));
        } finally {
            io.pgkeeper.testing.Launcher.deleteQuietly(fast);
            io.pgkeeper.testing.Launcher.deleteQuietly(slow);
            Files.move(fastAside, fast);
            Files.move(slowAside, slow);
            primary.server().server().start();
        }
    }

    private static String oid(String tablespace) {
        return primary.server().queryString("postgres", "SELECT oid::text FROM pg_tablespace WHERE spcname = '" + tablespace + "'");
    }
}
