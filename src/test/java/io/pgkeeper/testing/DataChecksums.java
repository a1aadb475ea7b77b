package io.pgkeeper.testing;

import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.process.ToolCall;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data checksums on a {@link TestCluster}, and the damage they catch: pg_checksums turns them on
 * while the server is stopped, and a page is overwritten behind the server's back, as a failing
 * disk would.
 */
public final class DataChecksums {
    private DataChecksums() {}

    public static void enable(TestCluster pg) {
        pg.server().stop();
        ToolCall call = ToolCall.of("pg_checksums", List.of(pg.server().tools().bin("pg_checksums"), "--enable", "--pgdata=" + pg.server().dataDir()),
                Map.of(), Duration.ofMinutes(2)).runningAs(Processes.OS.root() ? Optional.of(TestCluster.OS_USER) : Optional.empty())
                .withWorkDir(pg.server().baseDir());
        Processes.runner().run(call).orThrow("pg_checksums --enable failed", null);
        pg.server().start();
    }

    /**
     * Overwrites bytes in the middle of block 0 of the table's file while the server is stopped,
     * so no clean copy of the page stays in shared buffers. Returns the file, relative to the data directory.
     */
    public static String corruptFirstBlock(TestCluster pg, String database, String table) {
        pg.execute(database, "CHECKPOINT");
        String relative = pg.queryString(database, "SELECT pg_relation_filepath('" + table + "')");
        pg.server().stop();
        Path file = pg.server().dataDir().resolve(relative);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(4000);
            f.write("this page was damaged by a failing disk".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pg.server().start();
        return relative;
    }
}
