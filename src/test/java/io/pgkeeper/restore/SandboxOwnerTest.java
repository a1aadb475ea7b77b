package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.policy.SandboxPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which sandboxes a sweep removes: only restore sandboxes whose run has ended; files only, no server. */
class SandboxOwnerTest {
    @TempDir
    Path base;

    /** A pid above Linux's pid_max (4194304) never runs. */
    private static final String DEAD = "4194399 2026-12-01T10:00:00Z";

    private Path sandbox(String name, Optional<String> owner) throws Exception {
        Path dir = Files.createDirectories(base.resolve(name).resolve("data"));
        Files.writeString(dir.resolve("PG_VERSION"), "15\n");
        if (owner.isPresent()) {
            Files.writeString(base.resolve(name).resolve(SandboxOwner.FILE), owner.get() + "\n");
        }
        return base.resolve(name);
    }

    @Test
    void theOwnerIsThisRunOrNot() throws Exception {
        Path mine = Files.createDirectories(base.resolve("restore-aaaaaa"));
        SandboxOwner.claim(mine);
        assertTrue(SandboxOwner.alive(Files.readString(mine.resolve(SandboxOwner.FILE)).strip()));
        assertFalse(SandboxOwner.alive(DEAD));
        // this pid, another start time: the pid was reused, the owner is gone
        assertFalse(SandboxOwner.alive(ProcessHandle.current().pid() + " 2001-01-01T00:00:00Z"));
    }

    @Test
    void onlyRestoreSandboxesOfEndedRunsAreRemoved() throws Exception {
        Path killed = sandbox("restore-111111", Optional.of(DEAD));
        Path running = sandbox("restore-222222", Optional.empty());
        SandboxOwner.claim(running);
        Path unowned = sandbox("restore-333333", Optional.empty());
        Path verify = sandbox("verify-444444", Optional.of(DEAD));
        Path garbled = sandbox("restore-555555", Optional.of("not a pid"));

        List<String> removed = SandboxOwner.sweep(new SandboxPolicy("postgres", Optional.of(base)));

        assertEquals(List.of("removed the sandbox " + killed + ", left running by an earlier restore that was killed (pid 4194399)"), removed);
        assertFalse(Files.exists(killed));
        for (Path kept : List.of(running, unowned, verify, garbled)) {
            assertTrue(Files.isDirectory(kept.resolve("data")), kept::toString);
        }
    }

    @Test
    void aMissingBaseDirectoryHasNothingToSweep() {
        assertEquals(List.of(), SandboxOwner.sweep(new SandboxPolicy("postgres", Optional.of(base.resolve("absent")))));
    }
}
