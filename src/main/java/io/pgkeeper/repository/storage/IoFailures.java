package io.pgkeeper.repository.storage;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.ToolFailedException;
import java.io.IOException;

/**
 * Disk-full detection, once: an I/O error of ours, or a tool that says so in its own words
 * ("could not write to file ...: No space left on device"), often without naming a path.
 */
public final class IoFailures {
    private IoFailures() {}

    public static boolean diskFull(String text) {
        return text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded"));
    }

    /** {@code FileSystemException: /r/x: No space left on device}: the exception's kind and its message. */
    public static String detail(IOException e) {
        String simple = e.getClass().getSimpleName();
        return e.getMessage() == null ? simple : simple + ": " + e.getMessage();
    }

    /** {@code disk full while <doing>: ...} or {@code I/O error while <doing>: ...}, with the fix for each. */
    public static PgKeeperException of(String doing, IOException e, String diskFullHint) {
        String detail = detail(e);
        boolean full = diskFull(detail);
        return PgKeeperException.failed((full ? "disk full while " : "I/O error while ") + doing + ": " + detail,
                full ? diskFullHint : "check the repository path and its permissions", e);
    }

    /** A tool that ran out of space, said plainly and naming where it wrote; any other failure as it is. */
    public static ToolFailedException ofTool(ToolFailedException e, String writing, String diskFullHint) {
        if (e.stderrTail().stream().noneMatch(IoFailures::diskFull)) {
            return e;
        }
        return new ToolFailedException("disk full while writing " + writing + ": " + e.getMessage(), diskFullHint, e.tool(),
                e.toolExitCode(), e.stderrTail());
    }
}
