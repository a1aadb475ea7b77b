package io.pgkeeper.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.ServerUser;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One ownership rule, end to end: backups run as root into a repository that does not exist yet,
 * while the server (as postgres) archives into it through pgkeeper archive push. What root
 * creates belongs to postgres, archiving works, and check agrees; after a chown to root (the old
 * behaviour) check fails with the chown that fixes it, and that chown makes it pass again.
 */
class OwnershipIT {
    static TestCluster pg;
    static Path dir;
    static Path repo;
    static Path policy;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Processes.OS.root(), "the rule is about root-run backups beside a server run by postgres");
        dir = ServerUser.traversableDir("pgkeeper-ownership-");
        repo = dir.resolve("var/lib/pgkeeper");
        pg = TestCluster.start(Map.of("archive_mode", "on", "logging_collector", "on", "log_directory", "'log'"));
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t(id int)", "INSERT INTO t SELECT generate_series(1, 100)");
        policy = Launcher.readable(Policies.write(dir, repo, Policies.connection(pg.port(), "postgres"),
                "    pgdata: " + pg.server().dataDir() + "\n    archive:\n      launcher: " + Launcher.script() + "\n"
                        + "    schedule:\n      dump: \"0 3 * * *\"\n      basebackup: \"0 2 * * 0\"\n"));
        String command = Launcher.script() + " archive push --policy " + policy + " --cluster main %p";
        pg.execute("postgres", "ALTER SYSTEM SET archive_command = '" + command + "'", "SELECT pg_reload_conf()");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
        if (dir != null) {
            Launcher.deleteQuietly(dir);
        }
    }

    @Test
    void rootRunBackupsLeaveTheRepositoryToTheServersUserAndCheckAgrees() throws IOException {
        Cli.Result dump = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        assertEquals(List.of(), notOwnedBy("postgres"), "root's dump created everything for postgres, the repository's parents too");

        String segment = pg.switchWalAndWaitArchived();
        assertTrue(Files.list(repo.resolve("main/wal")).anyMatch(p -> p.getFileName().toString().startsWith(segment)),
                "the server archived as postgres into the repository root's dump created");
        Cli.Result base = Cli.run("--policy", policy.toString(), "basebackup");
        assertEquals(0, base.exitCode(), base::toString);
        assertEquals(List.of(), notOwnedBy("postgres"));

        Cli.Result list = ServerUser.run("--policy", policy.toString(), "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains(dump.out().trim()) && list.out().contains(base.out().trim()), list::toString);

        JsonNode ok = CheckJson.parse(Cli.run("--policy", policy.toString(), "--json", "check"));
        assertEquals("ok", CheckJson.level(ok, "repository owner"), ok::toPrettyString);
        for (JsonNode access : CheckJson.all(ok, "repository access")) {
            assertEquals("ok", access.get("level").asText(), ok::toPrettyString);
            assertTrue(access.get("message").asText().contains("tested as postgres"), access::toString);
        }
        assertEquals("ok", CheckJson.level(ok, "archiving"), ok::toPrettyString);
        assertEquals(0, ok.get("exitCode").asInt(), ok::toPrettyString);

        // the layout a root-run pgkeeper used to leave: everything root's
        chownRoot();
        Cli.Result warned = io.pgkeeper.testing.ChildJvm.run("077", Map.of(), "--policy", policy.toString(), "dump", "--database", "app");
        assertEquals(0, warned.exitCode(), warned::toString);
        assertTrue(warned.err().contains(repo.resolve("main") + " belongs to root, but archive_command runs as postgres and must write there:"
                + " as root, chown -R postgres " + repo.resolve("main")), () -> "a root-run backup says what it found: " + warned);
        Cli.Result broken = Cli.run("--policy", policy.toString(), "--json", "check", "--archive-timeout", "30s");
        assertEquals(1, broken.exitCode(), broken::toString);
        JsonNode doc = CheckJson.parse(broken);
        JsonNode owner = CheckJson.finding(doc, "repository owner");
        assertEquals("fail", owner.get("level").asText(), owner::toString);
        assertTrue(owner.get("fix").asText().contains("chown -R postgres " + repo), owner::toString);
        JsonNode archiving = CheckJson.finding(doc, "archiving");
        assertEquals("fail", archiving.get("level").asText(), archiving::toString);
        String evidence = String.join("\n", CheckJson.evidence(doc, "archiving"));
        assertTrue(evidence.contains("last_failed_wal 0000000"), evidence);
        assertTrue(evidence.contains("pgkeeper: error: cannot traverse " + repo + " as OS user postgres"),
                "the server log line archive push wrote:\n" + evidence);

        // the fix check names
        LocalServer.chown(repo, "postgres");
        Cli.Result fixed = Cli.run("--policy", policy.toString(), "--json", "check");
        JsonNode after = CheckJson.parse(fixed);
        assertEquals("ok", CheckJson.level(after, "archiving"), after::toPrettyString);
        assertEquals("ok", CheckJson.level(after, "repository owner"), after::toPrettyString);
        assertEquals(0, fixed.exitCode(), fixed::toString);
    }

    private static void chownRoot() throws IOException {
        var root = repo.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root");
        try (Stream<Path> walk = Files.walk(repo)) {
            for (Path p : walk.toList()) {
                Files.setOwner(p, root);
            }
        }
    }

    private static List<String> notOwnedBy(String user) throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir.resolve("var"))) {
            for (Path p : walk.toList()) {
                String owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
                if (!owner.equals(user)) {
                    wrong.add(p + " " + owner);
                }
            }
        }
        return wrong;
    }
}
