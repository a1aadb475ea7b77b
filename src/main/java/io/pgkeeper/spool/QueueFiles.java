package io.pgkeeper.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Predicate;

/**
 * The small records the get worker keeps beside the queue's entries for the launcher's shell
 * (a fetch in flight, {@link FetchMarks}; a file not archived, {@link AbsentRecords}): each is
 * written whole under a dot name and renamed into place, so the shell reads an old record or a
 * new one, never half of one. Both kinds are hints: a record missing or left over makes the shell
 * defer to Java or wait a bounded while, never answer wrongly, so their I/O failures are dropped.
 */
final class QueueFiles {
    private QueueFiles() {}

    /** Writes {@code content} as {@code <queueDir>/<name>}, replacing it atomically; false when it could not. */
    static boolean replace(Path queueDir, String name, byte[] content) {
        Path tmp = queueDir.resolve("." + name + "-" + ProcessHandle.current().pid());
        try {
            Files.write(tmp, content);
            Files.move(tmp, queueDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            GetQueue.deleteQuietly(tmp);
            return false;
        }
    }

    /** Removes the records {@code <name><suffix>} whose name {@code stale} accepts. */
    static void removeWhere(Path queueDir, String suffix, Predicate<String> stale) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(queueDir, "*" + suffix)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (stale.test(n.substring(0, n.length() - suffix.length()))) {
                    GetQueue.deleteQuietly(p);
                }
            }
        } catch (IOException e) {
            // a record left over is a hint the shell bounds (see the class comment); the next clear takes it
        }
    }
}
