package io.pgkeeper.check;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server log lines that say why archive_command failed: archive push writes its error to the
 * server's stderr, and the archiver logs "archive command failed". Found through
 * pg_current_logfile() (logging_collector) or the data directory's current_logfiles, and read
 * directly when this user may, else through pg_read_file when the role may.
 */
final class ServerLog {
    /** Enough of the log's end to hold the last failures. */
    private static final int TAIL_BYTES = 256 * 1024;
    private static final java.util.regex.Pattern PREFIXED = java.util.regex.Pattern.compile("^\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:|\\b(LOG|DETAIL|WARNING|FATAL|ERROR|HINT|STATEMENT):  ");

    private ServerLog() {}

    /** The archive failure lines, or one line saying why the log could not be read. */
    static List<String> archiveFailure(Connection c, Optional<Path> pgdata) {
        Optional<String> file;
        try {
            file = Sql.one(c, "SELECT pg_current_logfile()");
        } catch (SQLException e) {
            file = Optional.empty();
        }
        Path dataDir = pgdata.orElse(null);
        if (file.isEmpty() && dataDir != null) {
            file = currentLogfiles(dataDir);
        }
        if (file.isEmpty()) {
            return List.of("server log: not found (logging_collector is off, or pg_current_logfile() is not allowed for this role);"
                    + " look for 'archive command failed' in it");
        }
        Path path = Path.of(file.get());
        if (!path.isAbsolute()) {
            Optional<Path> base = Optional.ofNullable(dataDir).or(() -> dataDirectory(c));
            if (base.isEmpty()) {
                return List.of("server log: " + file.get() + " (relative to the data directory, which this role cannot see)");
            }
            path = base.get().resolve(path);
        }
        Path log = path;
        Optional<String> tail = readLocally(log).or(() -> readThroughServer(c, log));
        if (tail.isEmpty()) {
            return List.of("server log: " + log + " is readable neither by this OS user nor through pg_read_file for this role");
        }
        List<String> lines = relevant(tail.get());
        return lines.isEmpty() ? List.of("server log " + log + ": no 'archive command failed' line in its last " + TAIL_BYTES / 1024 + " KiB")
                : lines.stream().map(l -> "server log: " + l).toList();
    }

    /** The last failure: the lines archive push wrote just before the archiver's own, and those. */
    static List<String> relevant(String text) {
        List<String> all = text.lines().toList();
        int failed = -1;
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).contains("archive command failed")) {
                failed = i;
                break;
            }
        }
        if (failed < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        // what the command printed has no log_line_prefix; the server's own lines (default '%m [%p] ') do
        int from = failed;
        while (from > 0 && failed - from < 6 && !PREFIXED.matcher(all.get(from - 1)).find()) {
            from--;
        }
        for (int i = from; i <= Math.min(all.size() - 1, failed + 1); i++) {
            out.add(all.get(i).strip());
        }
        return out;
    }

    private static Optional<String> currentLogfiles(Path dataDir) {
        try {
            for (String line : Files.readAllLines(dataDir.resolve("current_logfiles"))) {
                String[] parts = line.split(" ", 2);
                if (parts.length == 2 && parts[0].equals("stderr")) {
                    return Optional.of(parts[1].strip());
                }
            }
        } catch (IOException e) {
            // not on this host, or not readable by this user: the log stays unnamed
        }
        return Optional.empty();
    }

    private static Optional<Path> dataDirectory(Connection c) {
        try {
            return Sql.one(c, "SELECT current_setting('data_directory')").map(Path::of);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> readLocally(Path path) {
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            return Optional.of(new String(buf, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> readThroughServer(Connection c, Path path) {
        try {
            return Sql.one(c, "SELECT pg_read_file(?, greatest(0, (pg_stat_file(?)).size - " + TAIL_BYTES + "), " + TAIL_BYTES + ")",
                    path.toString(), path.toString());
        } catch (SQLException e) {
            return Optional.empty();
        }
    }
}
