package io.pgkeeper.postgres;

import io.pgkeeper.repository.Checksums;
import java.nio.charset.StandardCharsets;

/**
 * A hash of {@code pg_dump --schema-only} output that is equal for equal schemas: comments,
 * blank lines and psql meta-commands (\restrict carries a random key per run) are dropped.
 */
public final class SchemaHash {
    private SchemaHash() {}

    public static String of(String schemaSql) {
        return Checksums.sha256(normalize(schemaSql).getBytes(StandardCharsets.UTF_8));
    }

    public static String normalize(String schemaSql) {
        StringBuilder sb = new StringBuilder();
        for (String line : schemaSql.split("\n", -1)) {
            String l = line.stripTrailing();
            if (l.isEmpty() || l.startsWith("--") || l.startsWith("\\")) {
                continue;
            }
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
