package io.pgkeeper.spool;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Why the worker's last push of a segment failed: {@code <wal>.error}, the message on its first
 * line and the hint on the second. The next {@code archive push} of the cluster reports it and
 * exits 1, so that pg_stat_archiver counts the failure and PostgreSQL retries; that call also
 * removes it, which lets the worker try again.
 */
record ErrorRecord(String wal, String message, Optional<String> hint) {

    static ErrorRecord of(String wal, RuntimeException e) {
        if (e instanceof PgKeeperException pk) {
            return new ErrorRecord(wal, oneLine(pk.getMessage()), pk.hint().map(ErrorRecord::oneLine));
        }
        return new ErrorRecord(wal, "unexpected error: " + oneLine(String.valueOf(e)),
                Optional.of("the worker's log has the details; report it if it happens again"));
    }

    void write(Path file) {
        String text = message + "\n" + hint.orElse("") + "\n";
        try {
            SecureFiles.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            // the push already failed; the caller's log has both, and the foreground times out on its own
            org.slf4j.LoggerFactory.getLogger(ErrorRecord.class).warn("cannot write the error record {}: {}", file, e.getCause().getMessage());
        }
    }

    static Optional<ErrorRecord> read(String wal, Path file) {
        try {
            String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
            String hint = lines.length > 1 ? lines[1].strip() : "";
            return Optional.of(new ErrorRecord(wal, lines[0].strip(), hint.isEmpty() ? Optional.empty() : Optional.of(hint)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
