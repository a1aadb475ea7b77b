package io.pgkeeper.backup;

import io.pgkeeper.error.ToolFailedException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pg_basebackup reading a page whose data checksum is wrong: corruption on the source server,
 * not a problem of the connection or of the backup. The failure names the file and block the
 * server reported, says that no backup was kept, and points to pg_amcheck.
 */
final class ChecksumFailure {
    /** The server's WARNING, passed on by pg_basebackup: {@code checksum verification failed in file "./base/5/16384", block 0: ...}. */
    private static final Pattern BLOCK = Pattern.compile("checksum verification failed in file \"([^\"]+)\", block (\\d+)");
    /** Sent once per damaged file when a file has more failures than the server reports one by one. */
    private static final Pattern TOTAL = Pattern.compile("file \"([^\"]+)\" has a total of (\\d+) checksum verification failures?");
    private static final Pattern FAILURE = Pattern.compile("checksum (verification )?(failure|error)");

    /** A damaged page, as the server named it: the file relative to the data directory and the block number. */
    record Page(String file, long block) {}

    private ChecksumFailure() {}

    static List<Page> pages(List<String> stderr) {
        Set<Page> out = new LinkedHashSet<>();
        for (String line : stderr) {
            Matcher m = BLOCK.matcher(line);
            if (m.find()) {
                out.add(new Page(m.group(1), Long.parseLong(m.group(2))));
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * The failure, when pg_basebackup's stderr reports checksum errors.
     *
     * @param relation names the table a file belongs to, when that can be found (best effort)
     */
    static Optional<ToolFailedException> of(ToolFailedException e, String cluster, String server,
            java.util.function.Function<String, Optional<String>> relation) {
        List<String> tail = e.stderrTail();
        if (tail.stream().noneMatch(l -> FAILURE.matcher(l).find() || BLOCK.matcher(l).find())) {
            return Optional.empty();
        }
        List<Page> pages = pages(tail);
        List<String> totals = new ArrayList<>();
        for (String line : tail) {
            Matcher m = TOTAL.matcher(line);
            if (m.find()) {
                totals.add(m.group(1) + ": " + m.group(2) + " failures");
            }
        }
        StringBuilder where = new StringBuilder();
        if (!pages.isEmpty()) {
            Page first = pages.get(0);
            where.append(" in file ").append(first.file()).append(", block ").append(first.block());
            relation.apply(first.file()).ifPresent(r -> where.append(" (").append(r).append(")"));
            if (pages.size() > 1) {
                where.append(", and ").append(pages.size() - 1).append(" more page(s) named in the log above");
            }
        } else if (!totals.isEmpty()) {
            where.append(" (").append(String.join("; ", totals)).append(")");
        }
        String message = "pg_basebackup of cluster " + cluster + " found data corruption on the source server " + server
                + ": a data checksum does not match" + where + ". The base backup was not kept";
        String hint = "the damage is in the source cluster's files, not in the backup or the connection: check it with"
                + " pg_amcheck (e.g. pg_amcheck --all --heapallindexed), restore the damaged table from a good backup or recreate it,"
                + " and take the base backup again";
        return Optional.of(new ToolFailedException(message, hint, e.tool(), e.toolExitCode(), e.stderrTail()));
    }
}
