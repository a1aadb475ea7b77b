package io.pgkeeper.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import io.pgkeeper.testing.ServerSettings;

/**
 * Scenario 9: under {@code umask 000}, what basebackup and archive push write is still 0600
 * (files) and 0700 (directories). The dump case is DumpCompletionIT.repositoryIsPrivateWhateverTheUmask.
 */
@ExtendWith(ClusterExtension.class)
class PermissionsIT {
    static TestCluster pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(@ServerSettings({"max_wal_senders=5"}) TestCluster started) {
        pg = started;
    }

    @Test
    void baseBackupUnderUmask000IsPrivate() throws IOException {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo);
        Cli.Result r = ChildJvm.run("000", Map.of(), "--policy", policy.toString(), "basebackup");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(1, Faults.files(repo, "manifest.json").size());
        assertPrivate(repo);
    }

    @Test
    void archivePushUnderUmask000IsPrivate() throws IOException {
        pg.execute("postgres", "CHECKPOINT");
        String name = pg.queryString("postgres", "SELECT pg_walfile_name(pg_current_wal_lsn())");
        Path src = Files.createDirectories(tmp.resolve("src")).resolve(name);
        Files.copy(pg.server().dataDir().resolve("pg_wal").resolve(name), src);
        Path repo = tmp.resolve("repo");
        Path policy = Policies.write(tmp, repo, Policies.connection(5432, "postgres"), "    archive:\n      compress: gzip\n");
        Cli.Result r = ChildJvm.run("000", Map.of(), "archive", "push", "--policy", policy.toString(), "--cluster", "main", src.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertPrivate(repo);
    }

    static void assertPrivate(Path repo) throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(repo)) {
            for (Path p : walk.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String want = Files.isDirectory(p) ? "rwx------" : "rw-------";
                if (!mode.equals(want)) {
                    wrong.add(repo.relativize(p) + " " + mode);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
