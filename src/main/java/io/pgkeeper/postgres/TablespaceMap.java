package io.pgkeeper.postgres;

import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.repository.TablespaceEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tablespace_map file a base backup carries: "oid path" per line, with a backslash before a
 * backslash, CR or LF inside a path. PostgreSQL remakes the pg_tblspc links from it when it
 * starts from a backup, so it wins over any link a restore makes.
 */
public final class TablespaceMap {
    public static final String FILE = "tablespace_map";

    private TablespaceMap() {}

    /** The map inside a base.tar (compressed or not); empty when it has none. Reads only. */
    public static List<TablespaceEntry> readFromTar(ProcessRunner runner, Path baseTar, Duration timeout) {
        ToolResult r = runner.run(ToolCall.of("tar", List.of("/bin/tar", "--extract", "--to-stdout", "--occurrence=1",
                "--file=" + baseTar, FILE), Map.of(), timeout).withStdout(ToolCall.Stdout.capture()));
        if (!r.ok() && r.stderrTail().stream().anyMatch(l -> l.contains("Not found in archive"))) {
            return List.of();
        }
        r.orThrow("reading tablespace_map from " + baseTar + " failed", "the backup is damaged; use another one");
        return parse(r.stdout());
    }

    public static String format(Map<String, Path> oidToPath) {
        StringBuilder sb = new StringBuilder();
        oidToPath.forEach((oid, path) -> sb.append(oid).append(' ')
                .append(path.toString().replace("\\", "\\\\").replace("\n", "\\\n").replace("\r", "\\\r")).append('\n'));
        return sb.toString();
    }

    public static List<TablespaceEntry> parse(String text) {
        List<TablespaceEntry> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        boolean escaped = false;
        for (char c : text.toCharArray()) {
            if (!escaped && (c == '\n' || c == '\r')) {
                add(out, line.toString());
                line.setLength(0);
            } else if (!escaped && c == '\\') {
                escaped = true;
            } else {
                line.append(c);
                escaped = false;
            }
        }
        add(out, line.toString());
        return out;
    }

    private static void add(List<TablespaceEntry> out, String line) {
        int sp = line.indexOf(' ');
        if (sp > 0 && sp < line.length() - 1) {
            out.add(new TablespaceEntry(line.substring(0, sp), null, line.substring(sp + 1)));
        }
    }
}
