package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Binds {@code physical.pgbackrest} (keys declared in {@link PgBackRestKeys}) and checks that the
 * cluster's retention can be handed to pgBackRest's own expire: a rule pgBackRest would apply
 * differently is refused here rather than silently kept or dropped.
 */
final class PgBackRestBinder {
    /** pgBackRest's option names: lower case, digits and dashes (repo1-path, pg1-port, compress-type). */
    static final Pattern OPTION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final Pattern STANZA = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    static final String RETENTION_FULL = "repo1-retention-full";

    private final ScalarReader values;

    PgBackRestBinder(ScalarReader values) {
        this.values = values;
    }

    /** @param physical the {@code physical} mapping; {@code pgbackrest} is read from it */
    Optional<PgBackRestPolicy> bind(YamlMap physical, PhysicalEngine engine, YamlMap cluster) {
        if (!physical.has(PhysicalKeys.PGBACKREST)) {
            physical.node(PhysicalKeys.PGBACKREST);
            if (engine == PhysicalEngine.PGBACKREST) {
                Node where = physical.keyNode(PhysicalKeys.ENGINE).map(Node.class::cast).orElse(physical.node());
                values.problems().at(where, physical.path() + ".pgbackrest is required with engine pgbackrest: set at least"
                        + " pgbackrest.stanza, and either pgbackrest.config (an existing pgbackrest.conf) or pgbackrest.options");
            }
            return Optional.empty();
        }
        YamlMap p = physical.child(PhysicalKeys.PGBACKREST);
        Optional<String> stanza = p.optional(PgBackRestKeys.STANZA);
        stanza.filter(s -> !STANZA.matcher(s).matches()).ifPresent(s -> p.node(PgBackRestKeys.STANZA).ifPresent(n ->
                values.problems().at(n, p.path(PgBackRestKeys.STANZA) + " must be a pgBackRest stanza name (letters, digits,"
                        + " '_', '.', '-'; got '" + s + "')")));
        Optional<Path> config = p.optional(PgBackRestKeys.CONFIG);
        Map<String, String> options = options(p);
        p.finish(); // also: config and options exclude each other
        if (engine == PhysicalEngine.PGBACKREST && config.isEmpty()) {
            retention(cluster, options, p);
            if (!cluster.has(ClusterKeys.PGDATA) && !options.containsKey("pg1-path")) {
                values.problems().at(p.node(), p.path() + ": pgBackRest needs the data directory: set "
                        + cluster.path(ClusterKeys.PGDATA) + " (pgkeeper renders it as pg1-path)");
            } else if (cluster.has(ClusterKeys.PGDATA) && options.containsKey("pg1-path")) {
                p.child(PgBackRestKeys.OPTIONS).keyNode("pg1-path").ifPresent(k -> values.problems().at(k,
                        p.path(PgBackRestKeys.OPTIONS) + ".pg1-path repeats " + cluster.path(ClusterKeys.PGDATA)
                        + "; pgkeeper renders pgdata as pg1-path, so remove this one"));
            }
        }
        return stanza.map(s -> new PgBackRestPolicy(s, config, options));
    }

    private Map<String, String> options(YamlMap p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!p.has(PgBackRestKeys.OPTIONS)) {
            p.node(PgBackRestKeys.OPTIONS);
            return out;
        }
        YamlMap o = p.child(PgBackRestKeys.OPTIONS);
        for (YamlMap.Entry e : o.entries()) {
            String name = e.name();
            if (!OPTION.matcher(name).matches()) {
                values.problems().at(e.key(), o.path(name) + " is not a pgBackRest option name (lower-case letters, digits and"
                        + " '-', e.g. repo1-path)");
                continue;
            }
            if (name.equals(PgBackRestKeys.STANZA.name()) || name.equals(PgBackRestKeys.CONFIG.name())) {
                values.problems().at(e.key(), o.path(name) + " is set by pgkeeper; use " + p.path(name) + " instead");
                continue;
            }
            if (!(e.value() instanceof ScalarNode)) {
                values.problems().at(e.value(), o.path(name) + " must be a single value (got " + ScalarReader.describe(e.value()) + ")");
                continue;
            }
            PgBackRestKeys.OPTIONS.type().read(values, e.value(), o.path(name)).ifPresent(v -> {
                if (v.contains("\n") || v.contains("\r")) {
                    values.problems().at(e.value(), o.path(name) + " must be on one line");
                } else {
                    out.put(name, v);
                }
            });
        }
        return out;
    }

    /** retention.physical → repo1-retention-full (type full); anything pgBackRest cannot express is a problem. */
    private void retention(YamlMap cluster, Map<String, String> options, YamlMap p) {
        YamlMap r = cluster.child(ClusterKeys.RETENTION).child(RetentionKeys.PHYSICAL);
        if (!cluster.has(ClusterKeys.RETENTION) || r.isEmpty()) {
            return;
        }
        r.keyNode(RetentionKeys.RECOVERY_WINDOW).ifPresent(k -> values.problems().at(k, r.path(RetentionKeys.RECOVERY_WINDOW)
                + " cannot be applied by pgBackRest's expire with engine pgbackrest (its time-based retention counts days since"
                + " each full backup, which is not a recovery window); remove it and use keepFull, or set"
                + " repo1-retention-full-type: time in " + p.path(PgBackRestKeys.OPTIONS) + " yourself"));
        // Raw values, not read again through their keys: the retention binder already reported bad ones.
        int full = raw(r, RetentionKeys.KEEP_FULL).orElse(RetentionKeys.KEEP_FULL.defaultValue());
        r.keyNode(RetentionKeys.PHYSICAL_MIN_KEEP).ifPresent(k -> {
            Optional<Integer> min = raw(r, RetentionKeys.PHYSICAL_MIN_KEEP);
            if (min.isPresent() && min.get() > full) {
                values.problems().at(k, r.path(RetentionKeys.PHYSICAL_MIN_KEEP) + " (" + min.get() + ") is more than keepFull ("
                        + full + "): pgBackRest keeps exactly " + RETENTION_FULL + " full backups; raise keepFull instead");
            }
        });
        String set = options.get(RETENTION_FULL);
        if (set != null && !set.equals(Integer.toString(full))) {
            Node where = r.node(RetentionKeys.KEEP_FULL).orElse(r.node());
            values.problems().at(where, r.path(RetentionKeys.KEEP_FULL) + " is " + full + " but " + p.path(PgBackRestKeys.OPTIONS)
                    + "." + RETENTION_FULL + " is " + set + "; pgkeeper renders keepFull as " + RETENTION_FULL
                    + ", so set one of them (or make them agree)");
        }
        String type = options.get("repo1-retention-full-type");
        if (type != null && !type.equals("count")) {
            Node where = r.node(RetentionKeys.KEEP_FULL).orElse(r.node());
            values.problems().at(where, r.path(RetentionKeys.KEEP_FULL) + " counts full backups but " + p.path(PgBackRestKeys.OPTIONS)
                    + ".repo1-retention-full-type is " + type + "; remove one of them");
        }
    }

    private static Optional<Integer> raw(YamlMap r, Key<Integer> key) {
        return r.node(key).filter(ScalarNode.class::isInstance).flatMap(n -> integer(((ScalarNode) n).getValue()));
    }

    private static Optional<Integer> integer(String text) {
        try {
            return Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
