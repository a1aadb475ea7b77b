package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acknowledged push starts no process (issue 17: "a push of an already acknowledged segment:
 * median under 10 ms"; a fork and exec costs milliseconds on a busy host). Counted with
 * {@code strace -f}: the launcher's shell check, and {@code scripts/pgkeeper} as a whole, answer an
 * acknowledged segment of a settled policy with no clone, fork or vfork and no exec but their own.
 * And the shortcut that makes this possible, a binding stamped with the policy's modification
 * time, is taken only while that time is exactly the one hashed. Skipped where strace is missing
 * or may not trace (scripts/test installs it as root).
 */
class ShellAckNoForkTest {
    static final String NAME = "000000010000000000000007";

    @TempDir
    Path tmp;
    SpoolFixture f;
    Path seg;

    @BeforeEach
    void pushed() throws IOException {
        f = new SpoolFixture(tmp);
        f.settledLiteralPolicy(Duration.ofSeconds(10));
        seg = f.segment(NAME, SpoolFixture.SYSID);
        f.pushAndAcknowledge(seg);
    }

    private ProcessTrace traced(List<String> argv) throws IOException {
        return ProcessTrace.of(tmp, f.env, argv);
    }

    private List<String> shellCheck() {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", "set -eu; . \"$0\"; pgkeeper_spool_answer \"$@\" && exit 0; exit 1",
                SpoolFixture.SCRIPT.toAbsolutePath().toString()));
        argv.addAll(f.pushArgs(seg));
        return argv;
    }

    @Test
    void theBindingOfASettledPolicyIsStampedWithItsTime() throws IOException {
        Path binding = f.spool().binding();
        assertTrue(Files.readString(binding).contains("\npolicy-mtime "), Files.readString(binding));
        assertEquals(Files.getLastModifiedTime(f.policyFile), Files.getLastModifiedTime(binding), "to the nanosecond");
    }

    @Test
    void anAcknowledgedPushStartsNoProcess() throws IOException {
        ProcessTrace t = traced(shellCheck());
        assertEquals(0, t.exitCode(), t.log());
        assertEquals(0, t.forks(), "the shell check forks nothing\n" + t.log());
        assertEquals(1, t.execs(), "bash itself only\n" + t.log());
    }

    @Test
    void theCheckoutLauncherStartsNoProcessEither() throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of("scripts/pgkeeper").toAbsolutePath().toString()));
        argv.addAll(f.pushArgs(seg));
        ProcessTrace t = traced(argv);
        assertEquals(0, t.exitCode(), t.log());
        assertEquals(0, t.forks(), "scripts/pgkeeper forks nothing for an acknowledged segment\n" + t.log());
        assertEquals(1, t.execs(), "the script only (#!/bin/bash: no env in between)\n" + t.log());
    }

    @Test
    void aPolicyWithAnotherTimeIsHashedAgain() throws IOException {
        FileTime stamped = Files.getLastModifiedTime(f.policyFile);
        Files.setLastModifiedTime(f.policyFile, FileTime.from(stamped.toInstant().plusNanos(1)));
        ProcessTrace t = traced(shellCheck());
        assertEquals(0, t.exitCode(), "the same bytes: still answered\n" + t.log());
        assertTrue(t.forks() > 0, "but only after hashing the policy again (which the trace sees)\n" + t.log());
        Files.setLastModifiedTime(f.policyFile, FileTime.from(stamped.toInstant().minusNanos(1)));
        assertTrue(traced(shellCheck()).forks() > 0, "one nanosecond older is another time too");
    }

    @Test
    void anEditedPolicyDefersWhateverItsTime() throws IOException {
        FileTime stamped = Files.getLastModifiedTime(f.policyFile);
        Files.createDirectories(tmp.resolve("repo2"));
        String other = Files.readString(f.policyFile).replace(tmp.resolve("repo").toString(), tmp.resolve("repo2").toString());
        for (Instant t : List.of(stamped.toInstant().plusMillis(1), stamped.toInstant().minusSeconds(60), Instant.now())) {
            Files.writeString(f.policyFile, other);
            Files.setLastModifiedTime(f.policyFile, FileTime.from(t));
            assertEquals(1, f.shell(tmp, f.pushArgs(seg).toArray(String[]::new)).exitCode(), "edited, dated " + t);
        }
        // an older copy moved over the policy (rename keeps the copy's own time)
        Path copy = tmp.resolve("copy.yaml");
        Files.writeString(copy, other);
        Files.setLastModifiedTime(copy, FileTime.from(stamped.toInstant().minusSeconds(3600)));
        Files.move(copy, f.policyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(1, f.shell(tmp, f.pushArgs(seg).toArray(String[]::new)).exitCode(), "an older copy put back");
        assertFalse(f.javaAccepts(seg, f.spool().dir()), "Java: another repository, another spool");
    }

    @Test
    void aFreshPolicyIsNotStampedAndTheShellHashesIt() throws IOException {
        Files.writeString(f.policyFile, Files.readString(f.policyFile) + "# edited just now\n");
        new AsyncPush(f.archiving(), f.spool()).storeBinding();
        String binding = Files.readString(f.spool().binding());
        assertFalse(binding.contains("policy-mtime"), "a policy changed less than " + Binding.SETTLED + " ago is not stamped:\n" + binding);
        ProcessTrace t = traced(shellCheck());
        assertEquals(0, t.exitCode(), t.log());
        assertTrue(t.forks() > 0, "the policy is hashed on this call\n" + t.log());
    }

    @Test
    void theWorkerStampsABindingOnlyForThePolicyItWasWrittenFor() throws IOException {
        Files.writeString(f.policyFile, Files.readString(f.policyFile) + "# edited just now\n");
        new AsyncPush(f.archiving(), f.spool()).storeBinding();
        Path binding = f.spool().binding();
        String unstamped = Files.readString(binding);
        BindingStamp.refresh(binding, Instant.now());
        assertEquals(unstamped, Files.readString(binding), "not yet settled: left as it is");

        Files.writeString(f.policyFile, Files.readString(f.policyFile) + "# and once more\n");
        Files.setLastModifiedTime(f.policyFile, FileTime.from(Instant.now().minusSeconds(60)));
        BindingStamp.refresh(binding, Instant.now());
        assertEquals(unstamped, Files.readString(binding), "the policy no longer has the binding's sha256: left as it is");
        assertEquals(1, f.shell(tmp, f.pushArgs(seg).toArray(String[]::new)).exitCode(), "and the shell defers");

        Files.writeString(f.policyFile, Files.readString(f.policyFile).replace("# and once more\n", ""));
        Files.setLastModifiedTime(f.policyFile, FileTime.from(Instant.now().minusSeconds(60)));
        BindingStamp.refresh(binding, Instant.now());
        assertEquals(unstamped + "policy-mtime " + Files.getLastModifiedTime(f.policyFile).toInstant() + "\n", Files.readString(binding));
        assertEquals(Files.getLastModifiedTime(f.policyFile), Files.getLastModifiedTime(binding));
        ProcessTrace t = traced(shellCheck());
        assertEquals(0, t.exitCode(), t.log());
        assertEquals(0, t.forks(), "stamped by the worker: no hashing\n" + t.log());
    }

    @Test
    void aSystemIdentifierAboveTwoToTheSixtyThreeReadsAsJavaReadsIt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("high"));
        SpoolFixture high = new SpoolFixture(dir);
        high.settledLiteralPolicy(Duration.ofSeconds(10));
        long sysid = 0xF301234567890123L;
        Path s = high.segment(NAME, sysid);
        high.pushAndAcknowledge(s, sysid);
        assertTrue(high.javaAccepts(s, high.spool().dir()));
        Cli.Result r = high.shell(dir, high.pushArgs(s).toArray(String[]::new));
        assertEquals(0, r.exitCode(), "an unsigned identifier (" + Long.toUnsignedString(sysid) + ")\n" + r);
    }

    @Test
    void theShellCheckDoesNotDependOnTheCallersLocale() throws IOException {
        f.env.putAll(Map.of("LANG", "C.UTF-8", "LC_ALL", "C.UTF-8"));
        Cli.Result r = f.shell(tmp, f.pushArgs(seg).toArray(String[]::new));
        assertEquals(0, r.exitCode(), "the page header is read byte by byte in any locale\n" + r);
    }
}
