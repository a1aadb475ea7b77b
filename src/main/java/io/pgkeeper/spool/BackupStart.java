package io.pgkeeper.spool;

import io.pgkeeper.archive.WalNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The first segment a base backup's recovery replays: backup_label's {@code START WAL LOCATION: 0/2000028 (file <segment>)}. */
final class BackupStart {
    private static final Pattern START = Pattern.compile("(?m)^START WAL LOCATION: [0-9A-F]+/[0-9A-F]+ \\(file ([0-9A-F]{24})\\)$");
    private static final long MAX = 64 * 1024;

    private BackupStart() {
    }

    static Optional<String> segment(Path backupLabel) {
        try {
            if (!Files.isRegularFile(backupLabel) || Files.size(backupLabel) > MAX) {
                return Optional.empty();
            }
            Matcher m = START.matcher(Files.readString(backupLabel, StandardCharsets.US_ASCII));
            return m.find() && WalNames.isSegment(m.group(1)) ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty(); // no early start: the first segment's call starts the worker, as without a label
        }
    }
}
