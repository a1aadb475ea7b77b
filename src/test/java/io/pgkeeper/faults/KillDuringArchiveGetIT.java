package io.pgkeeper.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.Compression;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3, the restore_command side: {@code kill -9} while {@code archive get} is copying
 * leaves nothing at the destination, and the retry delivers the whole file. The stored file is
 * a FIFO fed by the test, so the kill lands mid-copy every time.
 */
class KillDuringArchiveGetIT {

    @Test
    @Timeout(120)
    void killedGetLeavesNoFileAtTheDestinationAndTheRetrySucceeds(@TempDir Path tmp) throws Exception {
        String wal = "000000010000000000000007";
        byte[] content = new byte[4 << 20];
        new Random(7).nextBytes(content);
        String sha = Checksums.sha256(content);
        Path walDir = Files.createDirectories(tmp.resolve("repo/main/wal"));
        Path stored = walDir.resolve(ArchivedFile.fileName(wal, sha, Compression.NONE));
        Path policy = tmp.resolve("pgkeeper.yaml");
        Files.writeString(policy, "version: 1\nrepository:\n  path: " + tmp.resolve("repo") + "\nclusters:\n  main:\n"
                + "    connection: {host: 127.0.0.1, port: 1}\n");
        Path pgWal = Files.createDirectories(tmp.resolve("pg_wal"));
        Path dest = pgWal.resolve("RECOVERYXLOG");

        Process mkfifo = new ProcessBuilder("mkfifo", stored.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        Process get = ChildJvm.start("022", Map.of(), List.of(), tmp.resolve("out"), tmp.resolve("err"),
                "--policy", policy.toString(), "--cluster", "main", "archive", "get", wal, dest.toString());
        try (OutputStream feed = Files.newOutputStream(stored)) {
            feed.write(content, 0, content.length / 2);
            feed.flush();
            Faults.await(() -> listTemp(pgWal), "archive get to start writing its temporary file");
            Faults.kill9(get.toHandle());
            get.waitFor();
        } catch (java.io.IOException brokenPipe) {
            // the reader died: expected once it is killed
        }
        assertFalse(Files.exists(dest), "a killed archive get must leave nothing at the destination");

        Files.delete(stored);
        Files.write(stored, content);
        Cli.Result retry = Cli.run("--policy", policy.toString(), "--cluster", "main", "archive", "get", wal, dest.toString());
        assertEquals(0, retry.exitCode(), retry::toString);
        assertEquals(sha, Checksums.sha256(dest));
    }

    private static boolean listTemp(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(".RECOVERYXLOG"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
