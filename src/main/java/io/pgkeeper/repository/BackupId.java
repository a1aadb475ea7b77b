package io.pgkeeper.repository;

import io.pgkeeper.error.PgKeeperException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * A backup's id is its UTC start time, e.g. {@code 20261121T030000Z}. The strict pattern is also
 * what keeps ids like {@code ../x} from ever reaching a path.
 */
public final class BackupId {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern VALID = Pattern.compile("\\d{8}T\\d{6}Z");

    private BackupId() {}

    public static String of(Instant startedAt) {
        return FORMAT.format(startedAt.truncatedTo(ChronoUnit.SECONDS));
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** Accepts an id or {@code latest}; anything else is a usage error that shows the format. */
    public static String requireValidOrLatest(String id) {
        if ("latest".equals(id) || isValid(id)) {
            return id;
        }
        throw PgKeeperException.usage("'" + id + "' is not a backup id (expected the form 20261121T030000Z, or latest)",
                "run 'pgkeeper list' to see the backup ids");
    }
}
