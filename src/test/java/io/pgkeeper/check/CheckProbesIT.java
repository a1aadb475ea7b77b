package io.pgkeeper.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.OperatorSetup;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.ServerUser;
import io.pgkeeper.testing.TestCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.pgkeeper.testing.ClusterExtension;
import io.pgkeeper.testing.ServerSettings;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * check tests the real thing, as a new operator sets it up: a backup role that is no superuser
 * (pg_read_all_data and REPLICATION) with a scram password in a passfile. A missing replication
 * line in pg_hba.conf, an archive_command that fails, and objects the role cannot read all fail
 * check, each with the evidence and the fix.
 */
@ExtendWith(ClusterExtension.class)
class CheckProbesIT {
    static TestCluster pg;
    static Path dir;
    static Path policy;
    /** Nothing scheduled, no backup yet: what a new operator runs check with first. */
    static Path plain;

    @BeforeAll
    static void start(@ServerSettings({"archive_mode=on", "logging_collector=on", "log_directory='log'"}) TestCluster started)
            throws java.io.IOException {
        dir = ServerUser.traversableDir("pgkeeper-check-");
        pg = started;
        OperatorSetup.backupRole(pg);
        OperatorSetup.hba(pg, false);
        pg.execute("postgres", "CREATE DATABASE app", "GRANT EXECUTE ON FUNCTION pg_switch_wal() TO " + OperatorSetup.ROLE);
        pg.execute("app", "CREATE TABLE t(id int)", "INSERT INTO t SELECT generate_series(1, 10)");
        Path passfile = OperatorSetup.passfile(dir, pg, "root");
        policy = Launcher.readable(Policies.write(dir, dir.resolve("repo"), OperatorSetup.connection(pg, passfile),
                "    pgdata: " + pg.server().dataDir() + "\n    archive:\n      launcher: " + Launcher.script() + "\n"
                        + "    schedule:\n      dump: \"0 3 * * *\"\n      basebackup: \"0 2 * * 0\"\n"));
        Launcher.giveToServer(java.nio.file.Files.createDirectories(dir.resolve("repo")));
        Path plainDir = java.nio.file.Files.createDirectories(dir.resolve("plain"));
        plain = Launcher.readable(Policies.write(plainDir, dir.resolve("plain-repo"), OperatorSetup.connection(pg, passfile), ""));
        archiveCommand(Launcher.script() + " archive push --policy " + policy + " --cluster main %p");
    }

    @AfterAll
    static void stop() {
        Launcher.deleteQuietly(dir);
    }

    private static void archiveCommand(String command) {
        pg.execute("postgres", "ALTER SYSTEM SET archive_command = '" + command.replace("'", "''") + "'", "SELECT pg_reload_conf()");
    }

    private static JsonNode check() {
        return CheckJson.parse(Cli.run("--policy", policy.toString(), "--json", "check", "--archive-timeout", "30s"));
    }

    @Test
    void aMissingReplicationLineFailsWithTheLineToAddAndTheLineMakesItPass() {
        OperatorSetup.hba(pg, false);
        Cli.Result text = Cli.run("--policy", policy.toString(), "check");
        assertEquals(1, text.exitCode(), text::toString);
        assertTrue(text.out().contains("fail replication"), text::toString);
        JsonNode doc = check();
        JsonNode replication = CheckJson.finding(doc, "replication");
        assertEquals("fail", replication.get("level").asText(), "a basebackup is scheduled: " + replication);
        JsonNode first = CheckJson.parse(Cli.run("--policy", plain.toString(), "--json", "check", "--archive-timeout", "30s"));
        assertEquals("fail", CheckJson.level(first, "replication"), "the role has REPLICATION, so it is meant for base backups: " + first);
        assertTrue(replication.get("message").asText().contains("no pg_hba.conf entry for replication connection"), replication::toString);
        assertTrue(replication.get("fix").asText().contains("host replication backup 127.0.0.1/32 scram-sha-256"), replication::toString);

        OperatorSetup.hba(pg, true);
        JsonNode fixed = check();
        JsonNode ok = CheckJson.finding(fixed, "replication");
        assertEquals("ok", ok.get("level").asText(), ok::toString);
        assertTrue(CheckJson.evidence(fixed, "replication").get(0).startsWith("IDENTIFY_SYSTEM: systemid "), ok::toString);
    }

    @Test
    void anArchiveCommandThatFailsFailsCheckWithTheArchiversLastFailureAndTheServerLog() {
        OperatorSetup.hba(pg, true);
        try {
            archiveCommand("echo 'archive target is offline' >&2; exit 1");
            awaitServerLog("archive target is offline");
            JsonNode doc = check();
            assertEquals(1, doc.get("exitCode").asInt(), doc::toPrettyString);
            JsonNode archiving = CheckJson.finding(doc, "archiving");
            assertEquals("fail", archiving.get("level").asText(), archiving::toString);
            assertTrue(archiving.get("message").asText().startsWith("archive_command fails"), archiving::toString);
            String evidence = String.join("\n", CheckJson.evidence(doc, "archiving"));
            assertTrue(evidence.contains("last_failed_wal 0000000"), evidence);
            assertTrue(evidence.contains("server log: archive target is offline"), "the command's own words, from the server log:\n" + evidence);
            assertTrue(evidence.contains("archive command failed with exit code 1"), evidence);
            JsonNode first = CheckJson.parse(Cli.run("--policy", plain.toString(), "--json", "check", "--archive-timeout", "30s"));
            assertEquals("fail", CheckJson.level(first, "archiving"), "a failing archive_command fails whoever set it up: " + first);
        } finally {
            archiveCommand(Launcher.script() + " archive push --policy " + policy + " --cluster main %p");
        }
        JsonNode good = check();
        assertEquals("ok", CheckJson.level(good, "archiving"), good::toPrettyString);
        assertTrue(CheckJson.finding(good, "archiving").get("message").asText().contains("reached the archive"), good::toPrettyString);
    }

    @Test
    void objectsTheBackupRoleCannotReadAreNamed() {
        pg.execute("app", "CREATE TABLE IF NOT EXISTS tenant_data(tenant text, v int)", "ALTER TABLE tenant_data ENABLE ROW LEVEL SECURITY",
                "SELECT lo_from_bytea(0, 'blob')");
        try {
            JsonNode doc = check();
            JsonNode privileges = CheckJson.finding(doc, "dump privileges");
            assertEquals("fail", privileges.get("level").asText(), privileges::toString);
            String evidence = String.join("\n", CheckJson.evidence(doc, "dump privileges"));
            assertTrue(evidence.contains("app: public.tenant_data (row-level security applies (the role lacks BYPASSRLS))"), evidence);
            assertTrue(evidence.contains("app: 1 large object(s)"), evidence);
            assertTrue(privileges.get("fix").asText().contains("BYPASSRLS"), privileges::toString);
            assertEquals("ok", CheckJson.level(doc, "globals privileges"), doc::toPrettyString);
        } finally {
            pg.execute("app", "DROP TABLE tenant_data", "SELECT lo_unlink(oid) FROM pg_largeobject_metadata");
        }
        pg.execute("app", "CREATE TABLE hidden(x int)", "REVOKE pg_read_all_data FROM " + OperatorSetup.ROLE,
                "GRANT SELECT ON t TO " + OperatorSetup.ROLE);
        try {
            JsonNode doc = check();
            String evidence = String.join("\n", CheckJson.evidence(doc, "dump privileges"));
            assertTrue(evidence.contains("app: public.hidden (no SELECT)"), evidence);
            assertTrue(!evidence.contains("public.t "), "t is granted: " + evidence);
        } finally {
            pg.execute("app", "DROP TABLE hidden", "GRANT pg_read_all_data TO " + OperatorSetup.ROLE);
        }
        assertEquals("ok", CheckJson.level(check(), "dump privileges"));
    }

    @Test
    void aRoleThatMayNotSwitchWalIsToldSoInsteadOfOk() {
        OperatorSetup.hba(pg, true);
        pg.execute("postgres", "REVOKE EXECUTE ON FUNCTION pg_switch_wal() FROM " + OperatorSetup.ROLE);
        try {
            JsonNode archiving = CheckJson.finding(check(), "archiving");
            assertEquals("warn", archiving.get("level").asText(), archiving::toString);
            assertTrue(archiving.get("message").asText().startsWith("not tested: permission denied for function pg_switch_wal"), archiving::toString);
            assertTrue(archiving.get("fix").asText().contains("GRANT EXECUTE ON FUNCTION pg_switch_wal() TO backup"), archiving::toString);
        } finally {
            pg.execute("postgres", "GRANT EXECUTE ON FUNCTION pg_switch_wal() TO " + OperatorSetup.ROLE);
        }
    }

    @Test
    void aDryRunSwitchesNoWal() {
        OperatorSetup.hba(pg, true);
        JsonNode doc = CheckJson.parse(Cli.run("--policy", policy.toString(), "--json", "--dry-run", "check"));
        JsonNode archiving = CheckJson.finding(doc, "archiving");
        assertEquals("warn", archiving.get("level").asText(), archiving::toString);
        assertEquals("not probed: --dry-run writes no WAL", archiving.get("message").asText());
    }

    /** The reload is asynchronous: a switched segment tells when the archiver runs the new command. */
    private static void awaitServerLog(String text) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            pg.execute("postgres", "SELECT pg_current_xact_id()", "SELECT pg_switch_wal()");
            try (var logs = java.nio.file.Files.list(pg.server().dataDir().resolve("log"))) {
                for (Path log : logs.toList()) {
                    if (java.nio.file.Files.readString(log).contains(text)) {
                        return;
                    }
                }
                Thread.sleep(300);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the server log never showed: " + text);
    }
}
