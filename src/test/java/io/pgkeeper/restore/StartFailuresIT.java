package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Copy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code restore --start} must end at once, with exit 1 and the server's own words, when the copy
 * cannot get where it was asked to go: a server that exits with a FATAL, a target past the end of
 * the archive, credentials the copy refuses. The bound of 60 s is generous on purpose: the
 * policy's restore timeout is 24 h, which is what a swallowed failure would wait for.
 */
class StartFailuresIT {
    private static final Duration BOUND = Duration.ofSeconds(60);
    static ArchivingPrimary primary;
    static String backupId;

    @BeforeAll
    static void setUp() {
        primary = ArchivingPrimary.start();
        primary.server().execute("postgres", "CREATE TABLE t AS SELECT g AS n FROM generate_series(1, 1000) g");
        backupId = primary.basebackup();
        primary.server().execute("postgres", "INSERT INTO t SELECT g FROM generate_series(1, 10) g");
        primary.server().switchWalAndWaitArchived();
    }

    @AfterAll
    static void tearDown() {
        if (primary != null) {
            primary.close();
        }
    }

    private static Cli.Result timed(Supplier<Cli.Result> run) {
        Instant t0 = Instant.now();
        Cli.Result r = run.get();
        Duration took = Duration.between(t0, Instant.now());
        assertTrue(took.compareTo(BOUND) < 0, "took " + took + ":\n" + r);
        return r;
    }

    @Test
    void aServerThatExitsWithAFatalEndsTheRunQuotingIt() {
        Path dir = primary.dir().resolve("fatal");
        int port = Copy.freePort();
        try (Copy c = new Copy(dir, port)) {
            Cli.Result r = timed(() -> primary.run("restore", "--backup", backupId, "--pgdata", dir.toString(), "--start", "--port",
                    Integer.toString(port), "--target-immediate", "--target-timeline", "9"));
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().contains("exited during recovery: FATAL: recovery target timeline 9 does not exist"), r::toString);
            assertTrue(r.err().contains("the newest archived segment is 0000000100000000000000"), r::toString);
            assertTrue(r.err().contains(c.logFile().toString()), r::toString);
        }
    }

    @Test
    void aTargetPastTheArchiveSaysWhereTheArchiveEnds() {
        Path dir = primary.dir().resolve("past");
        int port = Copy.freePort();
        String future = Instant.now().plus(Duration.ofHours(2)).toString();
        try (Copy c = new Copy(dir, port)) {
            Cli.Result r = timed(() -> primary.run("restore", "--pgdata", dir.toString(), "--start", "--port", Integer.toString(port),
                    "--target-time", future));
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().contains("target not reached: the archive ends at 0/"), r::toString);
            assertTrue(r.err().contains("last transaction at 20"), r::toString);
            assertTrue(r.err().contains("recovery ended before configured recovery target was reached"), r::toString);
        }
    }

    @Test
    void verifyToATargetPastTheArchiveCouldNotRunAndDoesNotCallTheBackupBad() {
        String future = Instant.now().plus(Duration.ofHours(2)).toString();
        Cli.Result r = timed(() -> primary.run("verify", "--kind", "physical", "--backup", backupId, "--target-time", future));
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.out().contains("verify could not run") && r.out().contains("target not reached: the archive ends at 0/"), r::toString);
    }

    @Test
    void credentialsTheCopyRefusesEndTheRunAtOnceNamingRolePortAndFix() throws Exception {
        try (ArchivingPrimary scram = ArchivingPrimary.start()) {
            scram.server().execute("postgres", "CREATE TABLE t AS SELECT 1 AS x", "SET password_encryption = 'scram-sha-256'",
                    "ALTER ROLE postgres PASSWORD 'pgkeeper-test-secret'");
            Path data = scram.server().server().dataDir();
            Files.writeString(data.resolve("pg_hba.conf"), "local all all scram-sha-256\nlocal replication all scram-sha-256\n"
                    + "host all all 127.0.0.1/32 scram-sha-256\nhost replication all 127.0.0.1/32 scram-sha-256\n");
            scram.server().execute("postgres", "SELECT pg_reload_conf()");
            // production's passfile: a line for production's port only, as operators write it
            Path passfile = scram.dir().resolve("pgpass");
            Files.writeString(passfile, "127.0.0.1:" + scram.server().port() + ":*:postgres:pgkeeper-test-secret\n");
            Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
            Path policy = scram.dir().resolve("scram.yaml");
            Files.writeString(policy, Files.readString(scram.policy()).replace("user: postgres}", "user: postgres, passfile: " + passfile + "}"));
            Cli.Result bb = Cli.run("--policy", policy.toString(), "basebackup");
            assertEquals(0, bb.exitCode(), bb::toString);

            Path dir = scram.dir().resolve("copy");
            int port = Copy.freePort();
            try (Copy c = new Copy(dir, port)) {
                Cli.Result r = timed(() -> Cli.run("--policy", policy.toString(), "restore", "--pgdata", dir.toString(), "--start", "--port",
                        Integer.toString(port)));
                assertEquals(1, r.exitCode(), r::toString);
                assertTrue(r.err().contains("cannot log in to the restored copy in " + dir + " on port " + port), r::toString);
                assertTrue(r.err().contains("role postgres as OS user postgres") && r.err().contains("role postgres with the policy's credentials"), r::toString);
                assertTrue(r.err().contains("localhost:" + port + ":*:ROLE:PASSWORD") && r.err().contains("pg_hba.conf"), r::toString);
                assertTrue(r.err().contains("still running"), r::toString);
                assertTrue(!r.err().contains("pgkeeper-test-secret"), r::toString);
            }
        }
    }

    @Test
    void aPortInUseIsRefusedBeforeAnythingIsWritten() {
        Path dir = primary.dir().resolve("port");
        Cli.Result r = primary.run("restore", "--pgdata", dir.toString(), "--start", "--port", Integer.toString(primary.server().port()));
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("port " + primary.server().port() + " is in use") && r.err().contains("--port"), r::toString);
        assertTrue(!Files.exists(dir));
        // without --port the copy would take the source's port, which the running source holds
        Cli.Result own = primary.run("restore", "--pgdata", dir.toString(), "--start");
        assertEquals(2, own.exitCode(), own::toString);
        assertTrue(own.err().contains("the backup's server listened on it") && own.err().contains("--port"), own::toString);
        assertTrue(!Files.exists(dir));
    }

}
