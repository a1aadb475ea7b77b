package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A full repository with archive.async on: the repository (and the spool under it, the default)
 * is a small tmpfs (mounting needs root, so the class is skipped elsewhere). The worker's push
 * fails with "disk full", the error record reaches PostgreSQL as a failed archive_command with
 * that message, nothing is acknowledged that is not archived, and archiving resumes by itself
 * once there is space again.
 */
class AsyncDiskFullIT {
    static ArchivingPrimary p;
    static TestCluster pg;
    static Path spool;
    static boolean mounted;

    @BeforeAll
    static void start() throws Exception {
        p = ArchivingPrimary.start(java.util.Map.of("archive_command", "'/bin/false'"), AsyncPrimary.ASYNC);
        pg = p.server();
        mounted = run("mount", "-t", "tmpfs", "-o", "size=48m,mode=0755", "tmpfs", p.repository().toString()) == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root)");
        assertEquals(0, run("chown", TestCluster.OS_USER + ":", p.repository().toString()));
        spool = AsyncPrimary.spool(p);
        AsyncPrimary.useCommandLine(pg, p);
    }

    @AfterAll
    static void stop() throws Exception {
        if (p != null) {
            try {
                p.close(); // stops the server, and empties the directory but for the mount point
            } finally {
                if (mounted) {
                    run("umount", p.repository().toString());
                    io.pgkeeper.testing.Launcher.deleteQuietly(p.dir());
                }
            }
        }
    }

    @Test
    void aFullRepositoryFailsArchiveCommandWithItsMessageAndArchivingResumesWithSpace() throws Exception {
        pg.execute("postgres", "CREATE TABLE t(n int, pad text)");
        String first = pg.queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
        AsyncPrimary.waitArchived(pg, spool, first);
        Path filler = p.repository().resolve("filler");
        long size = p.repository().toFile().getUsableSpace() - (1L << 20);
        byte[] chunk = new byte[1 << 16];
        try (var out = Files.newOutputStream(filler)) {
            for (long written = 0; written < size; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
        long failures = AsyncPrimary.archiverFailures(pg);
        pg.execute("postgres", "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 100000) g");
        String full = pg.queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
        for (int i = 0; i < 1200 && AsyncPrimary.archiverFailures(pg) == failures; i++) {
            AsyncPrimary.sleep(100);
        }
        assertTrue(AsyncPrimary.archiverFailures(pg) > failures, "archive_command failed; spool: " + AsyncPrimary.listing(spool.resolve("push")));
        String failed = pg.queryString("postgres", "SELECT last_failed_wal FROM pg_stat_archiver");
        assertTrue(failed.compareTo(full) <= 0, failed);
        List<String> log = pg.server().logTail(200);
        assertTrue(log.stream().anyMatch(l -> l.contains("disk full")), () -> String.join("\n", pg.server().logTail(40)));
        assertFalse(Files.exists(spool.resolve("push/" + failed + ".ok")), "no acknowledgement of a segment that is not archived");
        assertEquals(List.of(), AsyncPrimary.unprovenAcks(spool, p.walDir()));

        Files.delete(filler);
        AsyncPrimary.waitArchived(pg, spool, full);
        assertEquals(List.of(), AsyncPrimary.damaged(p.walDir()));
        assertEquals(List.of(), AsyncPrimary.unprovenAcks(spool, p.walDir()));
        assertEquals(0, p.run("archive", "check").exitCode());
    }

    private static int run(String... argv) throws Exception {
        return new ProcessBuilder(argv).inheritIO().start().waitFor();
    }
}
