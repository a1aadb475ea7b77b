package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.archive.ArchiveIdentity;
import io.pgkeeper.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's shell check of an acknowledgement (archive-spool.bash) against Java's
 * ({@link AckCheck}, after loading the policy): the shell answers a push only when Java would, in
 * every case here, and both answer the plain case. Each case spoils one thing the proof rests on.
 */
class ShellAckCheckTest {
    static final String NAME = "000000010000000000000005";

    @TempDir
    Path tmp;
    SpoolFixture f;
    Path seg;
    Ack ack;

    @BeforeEach
    void pushed() throws IOException {
        f = new SpoolFixture(tmp);
        seg = f.segment(NAME, SpoolFixture.SYSID);
        ack = f.pushAndAcknowledge(seg);
    }

    private void same(boolean expected, String why) {
        Path spool = f.spool().dir();
        boolean java = f.javaAccepts(seg, spool);
        Cli.Result shell = f.shell(tmp, f.pushArgs(seg).toArray(String[]::new));
        assertEquals(expected, java, why + ": Java");
        assertEquals(expected ? 0 : 1, shell.exitCode(), why + ": shell\n" + shell);
        assertEquals("", shell.out() + shell.err(), why + ": the shell check prints nothing");
    }

    private Path ackFile() {
        return f.spool().ack(NAME);
    }

    @Test
    void anAcknowledgedSegmentIsAnsweredByBoth() {
        same(true, "acknowledged");
    }

    @Test
    void noAcknowledgement() throws IOException {
        Files.delete(ackFile());
        same(false, "no acknowledgement, no worker");
    }

    @Test
    void aSegmentWrittenAfterItsAcknowledgement() throws IOException {
        Files.setLastModifiedTime(seg, FileTime.from(Instant.now().plusSeconds(5)));
        same(false, "segment newer than the acknowledgement");
        Files.setLastModifiedTime(seg, Files.getLastModifiedTime(ackFile()));
        same(false, "segment as old as the acknowledgement: not newer, not trusted");
    }

    @Test
    void anotherSystemIdentifierInTheSegment() throws IOException {
        FileTime t = Files.getLastModifiedTime(seg);
        byte[] b = Files.readAllBytes(seg);
        System.arraycopy(SpoolFixture.header(SpoolFixture.SYSID + 1), 0, b, 0, 40);
        Files.write(seg, b);
        Files.setLastModifiedTime(seg, t);
        same(false, "the segment was written by another cluster");
    }

    @Test
    void aBrokenPageHeader() throws IOException {
        FileTime t = Files.getLastModifiedTime(seg);
        byte[] b = Files.readAllBytes(seg);
        b[0] = 0;
        b[1] = 0;
        Files.write(seg, b);
        Files.setLastModifiedTime(seg, t);
        same(false, "no WAL page header");
        Files.write(seg, new byte[20]);
        Files.setLastModifiedTime(seg, t);
        same(false, "shorter than a header");
    }

    @Test
    void anAcknowledgementOfAnotherCluster() throws IOException {
        FileTime t = Files.getLastModifiedTime(ackFile());
        Files.writeString(ackFile(), (SpoolFixture.SYSID + 1) + " " + ack.archivedFile() + "\n");
        Files.setLastModifiedTime(ackFile(), t);
        same(false, "acknowledgement names another system identifier");
    }

    @Test
    void anArchiveOfAnotherCluster() throws IOException {
        Path identity = tmp.resolve("repo/main").resolve(ArchiveIdentity.FILE_NAME);
        Files.write(identity, new ArchiveIdentity(Long.toString(SpoolFixture.SYSID + 1), 16 << 20).toJson());
        same(false, "the archive belongs to another system identifier");
        Files.writeString(identity, "{\"systemIdentifier\": \"" + SpoolFixture.SYSID + "\", \"x\": {\"systemIdentifier\": \"1\"}}");
        assertFalse(f.shell(tmp, f.pushArgs(seg).toArray(String[]::new)).exitCode() == 0, "two identifiers in the identity: the shell defers");
    }

    @Test
    void aRepositoryThatNoLongerHoldsTheFile() throws IOException {
        Path stored = tmp.resolve("repo/main/wal").resolve(ack.archivedFile());
        Files.write(stored, new byte[0]);
        same(false, "the archived file is empty");
        Files.delete(stored);
        same(false, "the archived file is gone (a replaced or restored repository)");
        Files.createDirectory(stored);
        Files.writeString(stored.resolve("x"), "x");
        same(false, "a directory under the archived name");
    }

    @Test
    void malformedAcknowledgements() throws IOException {
        for (String bad : List.of(SpoolFixture.SYSID + " " + ack.archivedFile() + "\nmore\n", SpoolFixture.SYSID + "  " + ack.archivedFile() + "\n",
                SpoolFixture.SYSID + " 000000010000000000000006-" + ack.archivedFile().substring(25) + "\n", "", "garbage\n",
                SpoolFixture.SYSID + " " + ack.archivedFile() + ".bak\n")) {
            Files.writeString(ackFile(), bad);
            Files.setLastModifiedTime(ackFile(), FileTime.from(Instant.now()));
            same(false, "acknowledgement '" + bad.replace("\n", "\\n") + "'");
        }
    }

    @Test
    void anAcknowledgementThatIsASymbolicLink() throws IOException {
        Path real = tmp.resolve("elsewhere.ok");
        Files.move(ackFile(), real);
        Files.createSymbolicLink(ackFile(), real);
        same(false, "a symbolic link");
    }

    @Test
    void aPolicyPointedAtAnotherRepository() throws IOException {
        Files.createDirectories(tmp.resolve("repo2"));
        f.env.put("PGK_TEST_REPO", tmp.resolve("repo2").toString());
        same(false, "the environment moved the repository: the acknowledgement is about the other one");
        f.env.put("PGK_TEST_REPO", tmp.resolve("repo").toString());
        same(true, "back");
        Files.writeString(f.policyFile, Files.readString(f.policyFile).replace("${PGK_TEST_REPO}", tmp.resolve("repo2").toString()));
        assertFalse(f.javaAccepts(seg, tmp.resolve("repo/main/spool")), "Java: another repository, another spool");
        assertEquals(1, f.shell(tmp, f.pushArgs(seg).toArray(String[]::new)).exitCode(), "shell: the policy changed");
    }

    @Test
    void anyChangeToThePolicyOrItsEnvironmentDefersToJava() throws IOException {
        Files.writeString(f.policyFile, Files.readString(f.policyFile) + "# a comment\n");
        assertTrue(f.javaAccepts(seg, f.spool().dir()));
        assertEquals(1, f.shell(tmp, f.pushArgs(seg).toArray(String[]::new)).exitCode(), "stricter than Java: any edit defers");
        new AsyncPush(f.archiving(), f.spool()).storeBinding();
        same(true, "Java wrote the binding again");
        f.env.put("PGK_TEST_REPO", tmp.resolve("repo") + "/");
        assertEquals(1, f.shell(tmp, f.pushArgs(seg).toArray(String[]::new)).exitCode(), "a variable the policy uses changed");
    }

    @Test
    void theCommandLineMustBeTheOneTheBindingWasWrittenFor() throws IOException {
        Path spool = f.spool().dir();
        List<String> args = f.pushArgs(seg);
        assertEquals(1, f.shell(tmp, replace(args, spool.toString(), tmp.resolve("other-spool").toString())).exitCode(), "--spool");
        assertFalse(f.javaAccepts(seg, tmp.resolve("other-spool")));
        assertEquals(1, f.shell(tmp, replace(args, "main", "other")).exitCode(), "--cluster");
        Path relative = tmp.relativize(f.policyFile);
        assertEquals(1, f.shell(tmp, replace(args, f.policyFile.toString(), relative.toString())).exitCode(), "a relative --policy");
        assertEquals(1, f.shell(tmp, "archive", "push", "--policy", f.policyFile.toString(), "--cluster", "main", seg.toString()).exitCode(),
                "no --spool");
        assertEquals(1, f.shell(tmp, "--json", "archive", "push", "--policy", f.policyFile.toString(), "--cluster", "main", "--spool",
                spool.toString(), seg.toString()).exitCode(), "another option");
        assertEquals(0, f.shell(tmp, "-q", "archive", "push", "--policy=" + f.policyFile, "--cluster=main", "--spool=" + spool, seg.toString())
                .exitCode(), "the = forms and --quiet, as the fast path takes them");
    }

    @Test
    void onlySegmentsAreAnswered() throws IOException {
        Path history = Files.writeString(f.pgdata.resolve("pg_wal/00000002.history"), "1\t0/3000000\tno recovery target specified\n");
        Files.setLastModifiedTime(history, FileTime.from(Instant.now().minusSeconds(10)));
        Files.writeString(f.pgdata.resolve("pg_wal/archive_status/00000002.history.ready"), "");
        f.pushAndAcknowledge(history);
        assertTrue(f.javaAccepts(history, f.spool().dir()), "Java checks a history file against the archive's identity");
        assertEquals(1, f.shell(tmp, f.pushArgs(history).toArray(String[]::new)).exitCode(), "the shell leaves history files to Java");
    }

    @Test
    void anErrorRecordOrADeadWorkerDefersAtOnce() throws IOException {
        Files.delete(ackFile());
        Files.writeString(f.spool().pushWorker("worker.pid"), ProcessHandle.current().pid() + "\n");
        Files.writeString(f.spool().error(NAME), "disk full\n\n", StandardCharsets.UTF_8);
        assertEquals(1, f.shell(tmp, f.pushArgs(seg).toArray(String[]::new)).exitCode(), "an error record goes to Java, which reports it");
        Files.delete(f.spool().error(NAME));
        Files.writeString(f.spool().pushWorker("worker.pid"), "999999999\n");
        assertEquals(1, f.shell(tmp, f.pushArgs(seg).toArray(String[]::new)).exitCode(), "a dead worker");
    }

    private static String[] replace(List<String> args, String from, String to) {
        return args.stream().map(a -> a.equals(from) ? to : a).toArray(String[]::new);
    }
}
