package io.pgkeeper.spool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * "Not in the archive" records of a read-ahead queue, {@code <queue>/<name>.absent}: the get
 * worker found no archived file of that name (a segment past the end of the archive, the next
 * timeline's history file) in a listing it began at {@code probed}. The launcher's shell check
 * ({@code archive-spool.bash}) answers PostgreSQL's call for it with exit 1, without a JVM, only
 * while the record is younger than {@link #VALID}, was made for the policy, environment and
 * archive identity the binding has now, and its own listing of the archive directory finds no file
 * of that name either: a file archived after the probe is seen there, and the call goes to Java.
 * The record guards what the shell's listing cannot say: that the archive could be read (a
 * listing that fails is an error to Java, exit 126, and only silence to a glob). The worker
 * probes again every second while recovery runs, so a fresh record is at most a second or two old.
 * Not fsynced: a record lost in a crash only sends a call to Java.
 */
final class AbsentRecords {
    static final String SUFFIX = ".absent";
    static final String HEADER = "pgkeeper-absent 1";
    /** How long the shell trusts a record (archive-spool.bash: pgkeeper_spool_absent_valid_ms). */
    static final Duration VALID = Duration.ofSeconds(3);

    private AbsentRecords() {
    }

    /** What a record binds to: the archive's system identifier and the binding's two hashes. */
    record Scope(String systemIdentifier, String policySha256, String envSha256) {}

    static String text(Scope scope, Instant probed) {
        return HEADER + "\nprobed " + probed.toEpochMilli() + "\nsystem " + scope.systemIdentifier() + "\npolicy-sha256 " + scope.policySha256()
                + "\nenv-sha256 " + scope.envSha256() + "\n";
    }

    static void write(Path queueDir, String name, Scope scope, Instant probed) {
        // no record written: the shell defers that call to Java, which asks the archive itself
        QueueFiles.replace(queueDir, name + SUFFIX, text(scope, probed).getBytes(StandardCharsets.US_ASCII));
    }

    static void clear(Path queueDir, String name) {
        GetQueue.deleteQuietly(queueDir.resolve(name + SUFFIX));
    }

    /** Removes the records of segments before {@code request} (recovery is past them); history files' stay. */
    static void clearBefore(Path queueDir, String request) {
        QueueFiles.removeWhere(queueDir, SUFFIX, n -> io.pgkeeper.archive.WalNames.isSegment(n) && n.compareTo(request) < 0);
    }

    /** The history files this queue holds records for. */
    static java.util.List<String> histories(Path queueDir) {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(queueDir, "*.history" + SUFFIX)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                String name = n.substring(0, n.length() - SUFFIX.length());
                if (io.pgkeeper.archive.WalNames.type(name).equals(java.util.Optional.of(io.pgkeeper.archive.WalNames.Type.HISTORY))) {
                    out.add(name);
                }
            }
        } catch (java.io.IOException e) {
            // none listed, none renewed: a record not renewed goes stale, and the shell then defers that call to Java
        }
        return out;
    }
}
