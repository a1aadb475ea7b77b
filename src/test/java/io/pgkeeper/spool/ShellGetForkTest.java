package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.archive.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A get answered from the read-ahead queue starts two processes, {@code mv} and {@code cksum}
 * (PostgreSQL runs restore_command for every segment, one after another, and each fork and exec
 * costs milliseconds on a busy host): the policy, settled and stamped in the binding, is not
 * hashed again, and the entry is checked by the CRC it is named with, not by a sha256.
 */
class ShellGetForkTest {
    static final String NAME = "000000010000000000000007";

    @TempDir
    Path tmp;
    SpoolFixture f;
    byte[] content;
    Path dest;

    @BeforeEach
    void queued() throws IOException {
        f = new SpoolFixture(tmp);
        f.settledLiteralPolicy(Duration.ofSeconds(10));
        Path seg = f.segment(NAME, SpoolFixture.SYSID);
        content = Files.readAllBytes(seg);
        Archiving a = f.archiving();
        a.archive().push(seg, Compression.ZSTD);
        Spool spool = a.spool().ensure(a.repository().files());
        new AsyncPush(a, spool).storeBinding();
        GetQueue queue = GetQueue.of(spool, GetQueue.host(), f.pgdata).orElseThrow();
        Files.createDirectories(queue.dir());
        queue.fill(a.archive(), NAME, a.archive().find(NAME).orElseThrow());
        dest = f.pgdata.resolve("pg_wal/RECOVERYXLOG");
    }

    private List<String> getArgs() {
        return List.of("archive", "get", "--policy", f.policyFile.toString(), "--cluster", "main", "--spool", f.spool().dir().toString(), NAME,
                "pg_wal/RECOVERYXLOG");
    }

    @Test
    void anAnsweredGetStartsMvAndCksumOnly() throws IOException {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", "set -eu; . \"$0\"; pgkeeper_spool_answer \"$@\" && exit 0; exit 1",
                SpoolFixture.SCRIPT.toAbsolutePath().toString()));
        argv.addAll(getArgs());
        ProcessTrace t = ProcessTrace.of(f.pgdata, f.env, argv);
        assertEquals(0, t.exitCode(), t.log());
        assertArrayEquals(content, Files.readAllBytes(dest), "served");
        assertEquals(2, t.forks(), "mv and cksum\n" + t.log());
        assertEquals(3, t.execs(), "bash, mv and cksum\n" + t.log());
    }

    @Test
    void theCheckoutLauncherStartsNoMore() throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of("scripts/pgkeeper").toAbsolutePath().toString()));
        argv.addAll(getArgs());
        ProcessTrace t = ProcessTrace.of(f.pgdata, f.env, argv);
        assertEquals(0, t.exitCode(), t.log());
        assertArrayEquals(content, Files.readAllBytes(dest), "served");
        assertEquals(2, t.forks(), "mv and cksum\n" + t.log());
        assertEquals(3, t.execs(), "the script (#!/bin/bash: no env in between), mv and cksum\n" + t.log());
    }
}
