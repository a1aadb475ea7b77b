package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * An {@link ArchivingPrimary} with {@code archive.async} on, whose archive_command is the line
 * {@code pgkeeper archive command-line} prints (with {@code --spool}), as an operator sets it up.
 */
final class AsyncPrimary {
    static final String ASYNC = "      async: true\n      processMax: 2\n";

    private AsyncPrimary() {}

    static ArchivingPrimary start(String extraArchiveYaml) {
        ArchivingPrimary p = ArchivingPrimary.start(Map.of("max_wal_size", "4GB", "checkpoint_timeout", "30min"), ASYNC + extraArchiveYaml);
        useCommandLine(p.server(), p);
        return p;
    }

    /** Sets archive_command to what {@code archive command-line} prints for the policy, and reloads. */
    static void useCommandLine(TestCluster server, ArchivingPrimary p) {
        String line = archiveCommand(p);
        server.execute("postgres", "ALTER SYSTEM SET archive_command = '" + line.replace("'", "''") + "'", "SELECT pg_reload_conf()");
        for (int i = 0; i < 100 && !server.queryString("postgres", "SHOW archive_command").equals(line); i++) {
            sleep(50);
        }
        assertEquals(line, server.queryString("postgres", "SHOW archive_command"));
    }

    /**
     * The line {@code archive command-line} prints, run through a launcher that answers from the
     * spool in shell as the installed one does (archive-spool.bash, then the test's Java launcher).
     */
    static String archiveCommand(ArchivingPrimary p) {
        JsonNode j = json(p.pgkeeper("archive", "command-line", "--json").out());
        String line = j.get("archive_command").asText();
        String java = Launcher.script().toString();
        if (!line.startsWith(java + " ")) {
            throw new AssertionError("archive command-line does not start with the policy's launcher " + java + ": " + line);
        }
        return shellLauncher(p) + line.substring(java.length());
    }

    /** {@code <dir>/pgkeeper}: the launcher's spool check (a copy of archive-spool.bash), then the Java launcher. */
    static Path shellLauncher(ArchivingPrimary p) {
        Path script = p.dir().resolve("pgkeeper");
        try {
            if (!Files.exists(script)) {
                Path spoolBash = Files.copy(SpoolFixture.SCRIPT, p.dir().resolve("archive-spool.bash"));
                // its get half beside it, as installed: without it every get would go to Java, untested
                Path getBash = Files.copy(SpoolFixture.SCRIPT.resolveSibling("archive-spool-get.bash"), p.dir().resolve("archive-spool-get.bash"));
                Launcher.readable(spoolBash);
                Launcher.readable(getBash);
                // as both launchers: 0 answered, 3 answered "not archived" (exit 1), anything else to Java
                Files.writeString(script, "#!/bin/bash\nset -eu\n. " + spoolBash + "\nrc=0\npgkeeper_spool_answer \"$@\" || rc=$?\n"
                        + "case $rc in 0) exit 0 ;; 3) exit 1 ;; esac\nexec " + Launcher.script() + " \"$@\"\n");
                Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path spool(ArchivingPrimary p) {
        return p.repository().resolve("main/spool");
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bulk load of the issue: two sessions of bulk INSERT until the server has written
     * {@code segments} more WAL segments; returns the name of the last one written.
     */
    /** A base backup, and archived WAL on both sides of a time target: what a point-in-time restore of it must land on. */
    record TimeTarget(String backup, String time, String fingerprint) {}

    /**
     * Table {@code t}'s batch "before", a base backup, {@code before} segments of bulk load and batch
     * "A", the target time (a second clear of both sides), batch "B" and {@code after} more
     * segments, all archived. {@code fingerprint} is {@link #FINGERPRINT} at the target.
     */
    static TimeTarget timeTarget(ArchivingPrimary p, int before, int after) throws Exception {
        TestCluster pg = p.server();
        pg.execute("postgres", "CREATE TABLE t(batch text, n int)", "INSERT INTO t SELECT 'before', g FROM generate_series(1, 100) g");
        String backup = p.basebackup();
        bulkLoad(pg, before);
        pg.execute("postgres", "INSERT INTO t SELECT 'A', g FROM generate_series(1, 100) g");
        String fingerprint = pg.queryString("postgres", FINGERPRINT);
        Thread.sleep(1100);
        String time = pg.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        Thread.sleep(1100);
        pg.execute("postgres", "INSERT INTO t SELECT 'B', g FROM generate_series(1, 100) g");
        bulkLoad(pg, after);
        pg.switchWalAndWaitArchived();
        return new TimeTarget(backup, time, fingerprint);
    }

    /** The rows of the bulk table and of {@code t}, in one string: equal on two clusters only when their rows are. */
    static final String FINGERPRINT = "SELECT (SELECT count(*) FROM bulk) || ':' || (SELECT sum(hashtext(pad))::text FROM bulk) || ':'"
            + " || (SELECT string_agg(batch || n, ',' ORDER BY batch, n) FROM t)";

    static String bulkLoad(TestCluster server, int segments) throws Exception {
        server.execute("postgres", "CREATE TABLE IF NOT EXISTS bulk(id bigint, pad text)");
        long start = server.queryLong("postgres", "SELECT pg_current_wal_lsn() - '0/0'");
        long goal = start + (long) segments * (16L << 20);
        ExecutorService sessions = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                running.add(sessions.submit(() -> {
                    try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
                        while (lsn(st) < goal) {
                            st.execute("INSERT INTO bulk SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 40000) g");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            sessions.shutdownNow();
        }
        return server.queryString("postgres", "SELECT pg_walfile_name(pg_current_wal_lsn())");
    }

    private static long lsn(Statement st) throws java.sql.SQLException {
        try (var rs = st.executeQuery("SELECT pg_current_wal_lsn() - '0/0'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every archived file whose content does not have the sha256 its name records (decompressed). */
    static List<String> damaged(Path walDir) throws IOException {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> s = Files.list(walDir)) {
            for (Path p : s.sorted().toList()) {
                Optional<ArchivedFile> f = ArchivedFile.of(p);
                if (f.isEmpty()) {
                    continue;
                }
                MessageDigest md = Checksums.newDigest();
                try (InputStream in = new DigestInputStream(f.get().compression().decompress(Files.newInputStream(p)), md)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                if (!HexFormat.of().formatHex(md.digest()).equals(f.get().sha256())) {
                    bad.add(p.getFileName().toString());
                }
            }
        }
        return bad;
    }

    /** Acknowledgements in the spool whose archived file is missing, empty or damaged. */
    static List<String> unprovenAcks(Path spool, Path walDir) throws IOException {
        List<String> bad = new ArrayList<>();
        List<String> damaged = damaged(walDir);
        try (Stream<Path> s = Files.list(spool.resolve("push"))) {
            for (Path ack : s.filter(p -> p.getFileName().toString().endsWith(".ok")).toList()) {
                Optional<Ack> a = Ack.read(ack);
                if (a.isEmpty()) {
                    continue; // unreadable: proves nothing, trusted by nobody (AckCheck)
                }
                Path stored = walDir.resolve(a.get().archivedFile());
                if (!Files.isRegularFile(stored) || Files.size(stored) == 0 || damaged.contains(a.get().archivedFile())) {
                    bad.add(ack.getFileName() + " -> " + a.get().archivedFile());
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return bad;
        }
        return bad;
    }

    /**
     * Waits until the archiver has archived {@code segment} (or a later one): a bulk load's backlog
     * on a loaded 2-core machine takes minutes, so the bound is generous; on failure the message
     * carries the archiver's state, the spool and the worker's log.
     */
    static void waitArchived(TestCluster server, Path spool, String segment) {
        for (int i = 0; i < 6000; i++) {
            if (server.queryString("postgres", "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver").compareTo(segment) >= 0) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError(segment + " was not archived; pg_stat_archiver: "
                + server.queryString("postgres", "SELECT row(archived_count, last_archived_wal, failed_count, last_failed_wal)::text FROM pg_stat_archiver")
                + "\nspool: " + listing(spool.resolve("push")) + "\nworker log:\n" + tail(spool.resolve("push/worker.log"), 40)
                + "\nserver log:\n" + String.join("\n", server.server().logTail(40)));
    }

    static String listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return String.join(" ", s.map(p -> p.getFileName().toString()).sorted().toList());
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    static long archiverFailures(TestCluster server) {
        return server.queryLong("postgres", "SELECT failed_count FROM pg_stat_archiver");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
