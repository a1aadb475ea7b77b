package io.pgkeeper.recovery;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A server log read as it grows: each call returns every complete line written so far. */
final class LogFile {
    private final Path file;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private long position;

    LogFile(Path file) {
        this.file = file;
    }

    List<String> lines() {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() < position) {
                // truncated or replaced: start over
                position = 0;
                lines.clear();
                partial.setLength(0);
            }
            f.seek(position);
            byte[] buf = new byte[(int) Math.min(f.length() - position, 4 << 20)];
            f.readFully(buf);
            position += buf.length;
            partial.append(new String(buf, StandardCharsets.UTF_8));
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                lines.add(partial.substring(0, nl));
                partial.delete(0, nl + 1);
            }
        } catch (IOException e) {
            // not created yet, or unreadable for a moment: what was read so far stands
        }
        return List.copyOf(lines);
    }
}
