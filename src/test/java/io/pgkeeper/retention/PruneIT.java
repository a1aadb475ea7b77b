package io.pgkeeper.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.repository.Attempt;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.ManifestStore;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.VerifyLog;
import io.pgkeeper.repository.VerifyRecord;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention against real dumps. Six dumps are taken once; each test works on a copy of that
 * repository whose manifests are given simulated start times, so days pass without waiting.
 * The times are assigned so that the id (directory name) order is not the time order.
 */
@ExtendWith(ClusterExtension.class)
class PruneIT {
    private static final Instant MARCH_2 = Instant.parse("2026-03-02T03:00:00Z");
    static TestCluster pg;
    static Path template;
    /** Dump ids in the order they were taken, which is also their name order. */
    static List<String> ids;

    @TempDir
    Path tmp;
    Path repoRoot;
    Repository repo;

    @BeforeAll
    static void dumpSix(TestCluster started) throws IOException {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE users(id serial primary key, name text)",
                "INSERT INTO users(name) SELECT 'u' || g FROM generate_series(1, 50) g");
        Path base = Files.createTempDirectory("pgkeeper-prune-template-");
        template = base.resolve("repo");
        Path policy = TestPolicy.write(base, pg, template);
        ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Cli.Result dump = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
            assertEquals(0, dump.exitCode(), dump::toString);
            ids.add(dump.out().trim());
        }
        assertEquals(ids.stream().sorted().toList(), ids);
    }

    @AfterAll
    static void stop() throws IOException {
        PruneRemoval.removeTree(template.getParent());
    }

    @BeforeEach
    void copyTemplate() throws IOException {
        repoRoot = tmp.resolve("repo");
        copyTree(template, repoRoot);
        repo = Repositories.at(repoRoot);
        // ids[1..4] on consecutive days, ids[5] early on the same day as ids[4], and ids[0], the
        // smallest name, newest of all.
        retime(ids.get(1), MARCH_2);
        retime(ids.get(2), MARCH_2.plus(Duration.ofDays(1)));
        retime(ids.get(3), MARCH_2.plus(Duration.ofDays(2)));
        retime(ids.get(4), MARCH_2.plus(Duration.ofDays(3)));
        retime(ids.get(5), MARCH_2.plus(Duration.ofDays(3)).minus(Duration.ofHours(2)));
        retime(ids.get(0), MARCH_2.plus(Duration.ofDays(4)));
    }

    @Test
    void gfsKeepsWhatItShouldOrderedByStartTimeAndEveryKeptBackupRestores() throws IOException {
        Path wal = Files.createDirectories(repoRoot.resolve("main/wal"));
        Files.writeString(wal.resolve("000000010000000000000001"), "segment");
        Path policy = policy("""
                    retention:
                      logical:
                        keepLast: 1
                        keepDaily: 3
                """);
        JsonNode r = pruneJson(policy);
        assertEquals(Map.of(
                ids.get(0), "keep", ids.get(4), "keep", ids.get(3), "keep",
                ids.get(5), "delete", ids.get(2), "delete", ids.get(1), "delete"), actions(r));
        assertEquals(List.of("kept: last 1 of 1", "kept: daily 2026-03-06", "kept: minKeep 1", "kept: newest completed backup"),
                reasons(r, ids.get(0)));
        assertEquals(List.of("kept: daily 2026-03-05"), reasons(r, ids.get(4)));
        assertEquals(List.of("deleted: older than every rule"), reasons(r, ids.get(5)));
        assertEquals(Set.of(ids.get(0), ids.get(3), ids.get(4)), survivors());
        assertEquals(List.of(), repo.attempts("main"), "deletion leaves no leftover");
        assertEquals(0, r.get("walDeleted").size(), "no physical backups: no WAL expires");
        assertTrue(r.get("walKeepFrom").isNull());
        assertTrue(Files.exists(wal.resolve("000000010000000000000001")));

        Cli.Result list = Cli.run("--policy", policy.toString(), "list");
        assertEquals(0, list.exitCode(), list::toString);
        for (String id : ids) {
            assertEquals(survivors().contains(id), list.out().contains(id), list::toString);
        }
        for (String id : survivors()) {
            String into = "gfs_" + id.toLowerCase();
            Cli.Result restore = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", "app", "--into", into);
            assertEquals(0, restore.exitCode(), restore::toString);
            assertEquals(50, pg.queryLong(into, "SELECT count(*) FROM users"));
        }
    }

    @Test
    void textOutputNamesEachBackupActionAndReason() {
        Path policy = policy("""
                    retention:
                      logical:
                        keepLast: 1
                        keepDaily: 3
                """);
        Cli.Result r = Cli.run("--policy", policy.toString(), "prune");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("KIND +ID +STARTED +ACTION +REASON"), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("logical +" + ids.get(4) + " +2026-03-05 03:00:00Z +keep +kept: daily 2026-03-05")),
                r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("logical +" + ids.get(1) + " +2026-03-02 03:00:00Z +delete +deleted: older than every rule")),
                r::toString);
        assertEquals("deleted 3, kept 3; no WAL expired", lines.get(lines.size() - 1));
    }

    @Test
    void theNewestCompletedBackupIsNeverDeleted() {
        Path policy = policy("""
                    retention:
                      logical:
                        keepLast: 1
                        maxAge: 1d
                        minKeep: 1
                """);
        JsonNode r = pruneJson(policy);
        assertEquals(Set.of(ids.get(0)), survivors());
        assertEquals(List.of("kept: minKeep 1", "kept: newest completed backup"), reasons(r, ids.get(0)));
        assertEquals(List.of("deleted: maxAge 1d exceeded"), reasons(r, ids.get(1)));
    }

    @Test
    void minKeepHoldsBackupsEveryOtherRuleWouldDelete() {
        Path policy = policy("""
                    retention:
                      logical:
                        keepLast: 1
                        maxAge: 30d
                        minKeep: 3
                """);
        JsonNode r = pruneJson(policy);
        assertEquals(Set.of(ids.get(0), ids.get(4), ids.get(5)), survivors());
        assertEquals(List.of("kept: minKeep 3"), reasons(r, ids.get(5)));
    }

    @Test
    void aBackupWhoseVerificationFailedDoesNotCountTowardsKeepLast() {
        new VerifyLog(repo, "main").append(new VerifyRecord(ids.get(0), BackupKind.LOGICAL, Instant.now(), false, "row counts differ"));
        Path policy = policy("""
                    retention:
                      logical:
                        keepLast: 2
                """);
        JsonNode r = pruneJson(policy);
        // Without the failed verification keepLast 2 would keep ids[0] and ids[4] only.
        assertEquals(Set.of(ids.get(0), ids.get(4), ids.get(5)), survivors());
        assertEquals(List.of("kept: newest completed backup"), reasons(r, ids.get(0)));
        assertEquals(List.of("kept: last 1 of 2", "kept: minKeep 1"), reasons(r, ids.get(4)));
    }

    @Test
    void unfinishedAttemptsGoAfterTheGracePeriodOnly() throws IOException {
        Path stale = attempt("20260101T000000Z", Instant.now().minus(Duration.ofDays(3)));
        Path fresh = attempt("20260102T000000Z", Instant.now().minus(Duration.ofHours(1)));
        Path policy = policy("");
        JsonNode r = pruneJson(policy);
        assertEquals(List.of("deleted: unfinished attempt"), reasons(r, "20260101T000000Z"));
        assertEquals(List.of("kept: unfinished attempt within grace period"), reasons(r, "20260102T000000Z"));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh.resolve("app.dump")));
        assertEquals(new TreeSet<>(ids), survivors(), "without a logical policy every backup stays");
    }

    @Test
    void whileTheClusterLockIsHeldPruneExits4AndADryRunKeepsTheAttempt() throws IOException {
        Path stale = attempt("20260101T000000Z", Instant.now().minus(Duration.ofDays(3)));
        Path policy = policy("""
                    retention:
                      logical:
                        keepLast: 1
                """);
        try (ClusterLock held = repo.lock("main", LockName.CLUSTER, "a dump in progress", Duration.ZERO)) {
            Cli.Result r = Cli.run("--policy", policy.toString(), "prune");
            assertEquals(4, r.exitCode(), r::toString);
            assertTrue(r.err().contains("holds the cluster lock"), r::toString);

            Cli.Result dry = Cli.run("--policy", policy.toString(), "prune", "--dry-run", "--json");
            assertEquals(0, dry.exitCode(), dry::toString);
            assertEquals(List.of("kept: unfinished attempt is locked by a running process"),
                    reasons(json(dry), "20260101T000000Z"));
        }
        assertTrue(Files.exists(stale));
        assertEquals(new TreeSet<>(ids), survivors());
    }

    @Test
    void aCrashAfterTheRenameLeavesALeftoverThatIsNeverListedAndTheNextPruneFinishes() throws IOException {
        Path dir = repo.kindDir("main", BackupKind.LOGICAL).resolve(ids.get(2));
        Path leftover = dir.resolveSibling(ids.get(2) + ".deleting");
        Files.move(dir, leftover, StandardCopyOption.ATOMIC_MOVE);
        assertTrue(Files.exists(leftover.resolve(Manifest.FILE_NAME)), "step 1 done, nothing removed yet");
        Path policy = policy("");

        Cli.Result list = Cli.run("--policy", policy.toString(), "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertFalse(list.out().contains(ids.get(2)), list::toString);
        Cli.Result restore = Cli.run("--policy", policy.toString(), "restore", "--backup", ids.get(2), "--database", "app", "--into", "never");
        assertEquals(2, restore.exitCode(), restore::toString);

        JsonNode r = pruneJson(policy);
        assertEquals(List.of("deleted: leftover of an interrupted prune"), reasons(r, ids.get(2) + ".deleting"));
        assertFalse(Files.exists(leftover));
        assertEquals(List.of(), repo.attempts("main"));
        assertEquals(new TreeSet<>(ids.stream().filter(id -> !id.equals(ids.get(2))).toList()), survivors());
    }

    @Test
    void aHalfRemovedLeftoverIsFinishedEvenWithinTheGracePeriod() throws IOException {
        Path dir = repo.kindDir("main", BackupKind.LOGICAL).resolve(ids.get(3));
        Path leftover = dir.resolveSibling(ids.get(3) + ".deleting");
        Files.move(dir, leftover, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(leftover.resolve(Manifest.FILE_NAME));
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now()));
        pruneJson(policy(""));
        assertFalse(Files.exists(leftover));
    }

    @Test
    void aDryRunPrintsThePlanAndDeletesNothing() throws IOException {
        Path stale = attempt("20260101T000000Z", Instant.now().minus(Duration.ofDays(3)));
        Path policy = policy("""
                    retention:
                      logical:
                        keepLast: 1
                """);
        Cli.Result text = Cli.run("--policy", policy.toString(), "prune", "--dry-run");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains("dry run: nothing was deleted; would delete 6, keep 1"), text::toString);

        Cli.Result json = Cli.run("--policy", policy.toString(), "--json", "--dry-run", "prune");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode r = json(json);
        assertEquals("prune", r.get("command").asText());
        assertEquals("main", r.get("cluster").asText());
        assertTrue(r.get("ok").asBoolean());
        assertTrue(r.get("dryRun").asBoolean());
        assertEquals(7, r.get("decisions").size());
        JsonNode first = r.get("decisions").get(0);
        assertEquals(ids.get(1), first.get("id").asText());
        assertEquals("logical", first.get("kind").asText());
        assertEquals("delete", first.get("action").asText());
        assertEquals("2026-03-02T03:00:00Z", first.get("startedAt").asText());

        assertEquals(new TreeSet<>(ids), survivors());
        assertTrue(Files.exists(stale));
    }

    @Test
    void dumpWithPruneAppliesRetentionAfterTheNewBackup() {
        Path policy = policy("""
                    retention:
                      logical:
                        keepLast: 2
                """);
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--database", "app", "--prune");
        assertEquals(0, r.exitCode(), r::toString);
        String newId = r.out().lines().findFirst().orElseThrow();
        assertTrue(r.out().contains("deleted 5, kept 2"), r::toString);
        assertEquals(Set.of(newId, ids.get(0)), survivors());
        Cli.Result restore = Cli.run("--policy", policy.toString(), "restore", "--backup", newId, "--database", "app", "--into",
                "after_prune_" + newId.toLowerCase());
        assertEquals(0, restore.exitCode(), restore::toString);
    }

    @Test
    void aFailedDumpPrunesNothing() {
        Path policy = policy("""
                    retention:
                      logical:
                        keepLast: 1
                """);
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--database", "no_such_db", "--prune");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(new TreeSet<>(ids), survivors());
    }

    @Test
    void aFailedPruneAfterAGoodDumpExits1AndKeepsTheNewBackup() {
        Path damaged = repo.kindDir("main", BackupKind.LOGICAL).resolve(ids.get(1));
        Manifest m = repo.manifests().read(damaged);
        repo.manifests().commit(damaged, withTimes(m, m.startedAt(), m.startedAt().minusSeconds(60)));
        Path policy = policy("""
                    retention:
                      logical:
                        keepLast: 1
                """);
        Cli.Result r = Cli.run("--policy", policy.toString(), "--json", "dump", "--database", "app", "--prune");
        assertEquals(1, r.exitCode(), r::toString);
        JsonNode doc = json(r);
        assertEquals("dump", doc.get("command").asText());
        assertFalse(doc.get("ok").asBoolean());
        String newId = doc.get("manifest").get("id").asText();
        assertEquals(false, doc.get("prune").get("ok").asBoolean());
        assertTrue(r.err().contains("backup " + newId + " succeeded and is kept, but prune failed"), r::toString);
        assertTrue(r.err().contains(ids.get(1)), r::toString);
        Set<String> all = new TreeSet<>(ids);
        all.add(newId);
        assertEquals(all, survivors(), "a prune that cannot order every backup deletes nothing");
    }

    // --- helpers

    private Path policy(String retentionYaml) {
        return TestPolicy.write(tmp, pg, repoRoot, retentionYaml);
    }

    private JsonNode pruneJson(Path policy) {
        Cli.Result r = Cli.run("--policy", policy.toString(), "--json", "prune");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode doc = json(r);
        assertTrue(doc.get("ok").asBoolean(), r::toString);
        assertFalse(doc.get("dryRun").asBoolean(), r::toString);
        return doc;
    }

    private static JsonNode json(Cli.Result r) {
        try {
            return Json.mapper().readTree(r.out());
        } catch (IOException e) {
            throw new UncheckedIOException(r.toString(), e);
        }
    }

    private static Map<String, String> actions(JsonNode prune) {
        Map<String, String> out = new LinkedHashMap<>();
        prune.get("decisions").forEach(d -> out.put(d.get("id").asText(), d.get("action").asText()));
        return out;
    }

    private static List<String> reasons(JsonNode prune, String id) {
        for (JsonNode d : prune.get("decisions")) {
            if (d.get("id").asText().equals(id)) {
                List<String> out = new ArrayList<>();
                d.get("reasons").forEach(x -> out.add(x.asText()));
                return out;
            }
        }
        throw new AssertionError("no decision for " + id + " in " + prune.toPrettyString());
    }

    private Set<String> survivors() {
        return new TreeSet<>(repo.completed("main", Optional.empty()).stream().map(Backup::id).toList());
    }

    /** A directory without a manifest, everything in it last modified at {@code mtime}. */
    private Path attempt(String id, Instant mtime) throws IOException {
        Path dir = Files.createDirectories(repo.kindDir("main", BackupKind.LOGICAL).resolve(id));
        Files.writeString(dir.resolve("app.dump"), "half a dump");
        Files.setLastModifiedTime(dir.resolve("app.dump"), FileTime.from(mtime));
        Files.setLastModifiedTime(dir, FileTime.from(mtime));
        assertTrue(repo.attempts("main").stream().map(Attempt::id).toList().contains(id));
        return dir;
    }

    private void retime(String id, Instant startedAt) {
        Path dir = repo.kindDir("main", BackupKind.LOGICAL).resolve(id);
        ManifestStore store = repo.manifests();
        store.commit(dir, withTimes(store.read(dir), startedAt, startedAt.plus(Duration.ofMinutes(5))));
    }

    private static Manifest withTimes(Manifest m, Instant startedAt, Instant finishedAt) {
        return m.toBuilder().startedAt(startedAt).finishedAt(finishedAt).build();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
