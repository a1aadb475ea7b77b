package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.archive.Compression;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The get worker's "not in the archive" records ({@link AbsentRecords}) and the launcher's answer
 * from them (archive-spool.bash, exit 1 without a JVM): trusted only fresh, only for the policy,
 * environment and archive identity they were made for, only while the archive directory still
 * lacks the file; a file archived after the record is found by the next call.
 */
class ShellAbsentTest {
    static final String LAST = "000000010000000000000007";
    static final String NEXT = "000000010000000000000008";
    static final String HISTORY = "00000002.history";
    /** the shell's answer as a code: 0 served, 3 "not archived", anything else: Java's to give */
    private static final String ANSWER = "set -eu; . \"$0\"; rc=0; pgkeeper_spool_answer \"$@\" || rc=$?; exit $rc";
    private static final Pattern FORK = Pattern.compile("(?m)^\\d+ +(clone3?|v?fork)\\(");

    @TempDir
    Path tmp;
    SpoolFixture f;
    GetQueue queue;
    AbsentRecords.Scope scope;
    Spool spool;

    @BeforeEach
    void archived() throws IOException {
        f = new SpoolFixture(tmp);
        f.settledLiteralPolicy(Duration.ofSeconds(10));
        Archiving a = f.archiving();
        a.archive().push(f.segment(LAST, SpoolFixture.SYSID), Compression.NONE);
        spool = a.spool().ensure(a.repository().files());
        new AsyncPush(a, spool).storeBinding();
        queue = GetQueue.of(spool, GetQueue.host(), f.pgdata).orElseThrow();
        Files.createDirectories(queue.dir());
        scope = AbsentProbe.scope(a, spool).orElseThrow();
    }

    private int answer(String name) {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", ANSWER, SpoolFixture.SCRIPT.toAbsolutePath().toString()));
        argv.addAll(getArgs(name));
        return Shell.run(f.pgdata, f.env, argv, Duration.ofSeconds(60)).exitCode();
    }

    private List<String> getArgs(String name) {
        return List.of("archive", "get", "--policy", f.policyFile.toString(), "--cluster", "main", "--spool", f.spool().dir().toString(), name,
                name.endsWith(".history") ? "pg_wal/RECOVERYHISTORY" : "pg_wal/RECOVERYXLOG"); // restore_command's %p
    }

    @Test
    void aFreshRecordIsAnsweredNotArchived() {
        AbsentRecords.write(queue.dir(), NEXT, scope, Instant.now());
        AbsentRecords.write(queue.dir(), HISTORY, scope, Instant.now());
        assertEquals(3, answer(NEXT), "the segment after the end of the archive");
        assertEquals(3, answer(HISTORY), "the next timeline's history file");
        assertEquals(1, answer("000000010000000000000009"), "no record, no answer");
        assertFalse(Files.exists(f.pgdata.resolve("pg_wal/RECOVERYXLOG")), "nothing written");
    }

    @Test
    void aRecordOlderThanItsValidityIsNotTrusted() {
        AbsentRecords.write(queue.dir(), NEXT, scope, Instant.now().minus(AbsentRecords.VALID).minusMillis(200));
        assertEquals(1, answer(NEXT), "stale: Java asks the archive");
        AbsentRecords.write(queue.dir(), NEXT, scope, Instant.now().plusSeconds(30));
        assertEquals(1, answer(NEXT), "from the future (a clock set back): not trusted either");
        AbsentRecords.write(queue.dir(), NEXT, scope, Instant.now().minus(AbsentRecords.VALID).plusMillis(1500));
        assertEquals(3, answer(NEXT), "within the validity");
    }

    @Test
    void aRecordForAnotherPolicyEnvironmentOrArchiveIsIgnored() throws IOException {
        String other = "0".repeat(64);
        for (AbsentRecords.Scope s : List.of(new AbsentRecords.Scope(scope.systemIdentifier(), other, scope.envSha256()),
                new AbsentRecords.Scope(scope.systemIdentifier(), scope.policySha256(), other),
                new AbsentRecords.Scope("42", scope.policySha256(), scope.envSha256()))) {
            AbsentRecords.write(queue.dir(), NEXT, s, Instant.now());
            assertEquals(1, answer(NEXT), s.toString());
        }
        Files.writeString(queue.dir().resolve(NEXT + AbsentRecords.SUFFIX), AbsentRecords.text(scope, Instant.now()).replace("pgkeeper-absent 1", "x"));
        assertEquals(1, answer(NEXT), "another format");
        AbsentRecords.write(queue.dir(), "000000020000000000000008", scope, Instant.now());
        assertEquals(1, answer(NEXT), "the record of another timeline's segment says nothing of this one");
        AbsentRecords.write(queue.dir(), NEXT, scope, Instant.now());
        assertEquals(3, answer(NEXT));
        Files.writeString(f.policyFile, Files.readString(f.policyFile) + "# edited\n");
        assertEquals(1, answer(NEXT), "the policy changed: Java decides");
    }

    @Test
    void aSegmentArchivedAfterTheRecordIsFoundByTheNextCall() throws IOException {
        AbsentRecords.write(queue.dir(), NEXT, scope, Instant.now());
        Path seg = f.segment(NEXT, SpoolFixture.SYSID);
        f.archiving().archive().push(seg, Compression.NONE);
        assertEquals(1, answer(NEXT), "the shell lists the archive itself: now there, so Java's to serve");
        Path dest = f.pgdata.resolve("pg_wal/RECOVERYXLOG");
        f.archiving().get(NEXT, dest, Optional.of(spool.dir()));
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(dest), "and Java serves it");
    }

    @Test
    void noArchiveDirectoryNoAnswer() throws IOException {
        AbsentRecords.write(queue.dir(), NEXT, scope, Instant.now());
        Path wal = tmp.resolve("repo/main/wal");
        Files.move(wal, tmp.resolve("repo/main/wal.moved"));
        assertEquals(1, answer(NEXT), "a wrong or missing archive directory must reach Java, which stops recovery (126)");
    }

    @Test
    void theWorkerRecordsTheEndOfTheArchiveAndTheHistoryFiles() throws IOException {
        Archiving a = f.archiving();
        AbsentRecords.write(queue.dir(), "00000001.history", scope, Instant.now());
        Path history = tmp.resolve("00000001.history");
        Files.writeString(history, "1\t0/9000000\tno recovery target specified\n");
        a.archive().push(history, Compression.NONE);
        AbsentProbe.recordEnd(a, queue.dir(), scope, NEXT, Instant.now());
        assertTrue(Files.exists(queue.dir().resolve(NEXT + AbsentRecords.SUFFIX)));
        assertTrue(Files.exists(queue.dir().resolve(HISTORY + AbsentRecords.SUFFIX)), "the next timeline's");
        assertFalse(Files.exists(queue.dir().resolve("00000001.history" + AbsentRecords.SUFFIX)), "an archived one's record is removed");
        assertEquals(3, answer(NEXT));
        assertEquals(3, answer(HISTORY));
        assertEquals(1, answer("00000001.history"), "archived: Java serves it");
        AbsentRecords.clearBefore(queue.dir(), "000000010000000000000009");
        assertFalse(Files.exists(queue.dir().resolve(NEXT + AbsentRecords.SUFFIX)), "recovery is past it");
        assertTrue(Files.exists(queue.dir().resolve(HISTORY + AbsentRecords.SUFFIX)), "history records stay");
    }

    @Test
    void withoutARecordJavaGivesTheSameAnswer() {
        assertEquals(1, answer(NEXT), "no record: Java's");
        assertThrows(WalArchive.NotArchived.class, () -> f.archiving().get(NEXT, f.pgdata.resolve("pg_wal/RECOVERYXLOG"), Optional.of(spool.dir())),
                "the synchronous answer the shell's stands for");
    }

    @Test
    void theCheckoutLauncherAnswersARecordedAbsenceWithExitOneAndNoProcess() throws IOException {
        Assumptions.assumeTrue(Shell.run(tmp, f.env, List.of("sh", "-c", "command -v strace && strace -f -qq -o /dev/null true"),
                Duration.ofSeconds(30)).exitCode() == 0, "strace is missing or may not trace here");
        AbsentRecords.write(queue.dir(), NEXT, scope, Instant.now());
        Path log = tmp.resolve("strace.log");
        List<String> argv = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=execve,clone,clone3,fork,vfork", "-o", log.toString(),
                Path.of("scripts/pgkeeper").toAbsolutePath().toString()));
        argv.addAll(getArgs(NEXT));
        Cli.Result r = Shell.run(f.pgdata, f.env, argv, Duration.ofSeconds(60));
        String trace = Files.readString(log);
        assertEquals(1, r.exitCode(), "not archived\n" + r + trace);
        assertEquals(0, FORK.matcher(trace).results().count(), "no process started, so no JVM\n" + trace);
        assertFalse(trace.contains("java"), trace);
    }
}
