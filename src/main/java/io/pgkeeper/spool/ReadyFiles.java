package io.pgkeeper.spool;

import io.pgkeeper.archive.WalNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The WAL files PostgreSQL waits to archive: {@code pg_wal/archive_status/<wal>.ready}, in the
 * order its archiver takes them (timeline history files first, then by name).
 */
final class ReadyFiles {
    private static final String READY = ".ready";

    private ReadyFiles() {}

    /** The names waiting, or empty when {@code pg_wal/archive_status} does not exist (the server is gone). */
    static Optional<List<String>> list(Path walDir) {
        Path status = walDir.resolve("archive_status");
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(status, "*" + READY)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                String wal = n.substring(0, n.length() - READY.length());
                if (WalNames.type(wal).isPresent()) {
                    out.add(wal);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        out.sort(ORDER);
        return Optional.of(out);
    }

    static final Comparator<String> ORDER = Comparator
            .comparing((String n) -> WalNames.type(n).orElseThrow() != WalNames.Type.HISTORY)
            .thenComparing(Comparator.naturalOrder());

    /** Whether PostgreSQL still waits for {@code wal}: its archive_command is what runs now, or will. */
    static boolean waiting(Path walDir, String wal) {
        return Files.exists(walDir.resolve("archive_status").resolve(wal + READY));
    }
}
