package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import java.nio.file.Path;

/**
 * One {@code --tablespace-map OLD=NEW}, read as pg_basebackup reads its --tablespace-mapping: both
 * absolute, and a {@code =} inside a path written {@code \=}.
 */
public record TablespaceMapping(Path from, Path to) {

    public static TablespaceMapping parse(String text) {
        int split = -1;
        StringBuilder old = new StringBuilder();
        StringBuilder now = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '=') {
                (split < 0 ? old : now).append('=');
                i++;
            } else if (c == '=' && split < 0) {
                split = i;
            } else if (c == '=') {
                throw bad(text, "more than one '=' (write a '=' inside a path as \\=)");
            } else {
                (split < 0 ? old : now).append(c);
            }
        }
        if (split < 0 || old.isEmpty() || now.isEmpty()) {
            throw bad(text, "expected OLD=NEW");
        }
        Path from = Path.of(old.toString());
        Path to = Path.of(now.toString());
        if (!from.isAbsolute() || !to.isAbsolute()) {
            throw bad(text, "both directories must be absolute paths");
        }
        return new TablespaceMapping(from.normalize(), to.normalize());
    }

    private static PgKeeperException bad(String text, String why) {
        return PgKeeperException.usage("--tablespace-map '" + text + "': " + why,
                "e.g. --tablespace-map /srv/ts/fast=/srv/copy/ts/fast (repeat it for each tablespace)");
    }
}
