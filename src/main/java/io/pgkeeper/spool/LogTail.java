package io.pgkeeper.spool;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a worker's log, quoted in the error that sends the operator to it. */
final class LogTail {
    private LogTail() {}

    /** {@code "; its log ends: a | b | c"}, or "" when there is nothing to quote. */
    static String of(Path log) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 2048);
            byte[] buf = new byte[n];
            f.seek(len - n);
            f.readFully(buf);
            List<String> lines = Arrays.stream(new String(buf, StandardCharsets.UTF_8).split("\n")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return last.isEmpty() ? "" : "; its log ends: " + String.join(" | ", last);
        } catch (IOException e) {
            return "";
        }
    }
}
