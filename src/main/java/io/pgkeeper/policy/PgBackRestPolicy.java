package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code physical.pgbackrest}: how pgkeeper drives pgBackRest. Either {@code config} names an
 * existing pgbackrest.conf used as it is, or pgkeeper renders one from {@code options} (plus
 * pg1-path and the connection) into its own state directory; it never edits /etc/pgbackrest.
 *
 * @param options pgBackRest option name to value, as written in the policy, in order
 */
public record PgBackRestPolicy(String stanza, Optional<Path> config, Map<String, String> options) {

    public PgBackRestPolicy {
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }
}
