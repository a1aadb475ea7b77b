package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Binds {@code physical.pgbackrest} and checks that the cluster's retention can be handed to
 * pgBackRest's own expire: a rule pgBackRest would apply differently is refused here rather
 * than silently kept or dropped.
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
        if (!physical.has("pgbackrest")) {
            physical.get("pgbackrest");
            if (engine == PhysicalEngine.PGBACKREST) {
                Node where = physical.keyNode("engine").map(Node.class::cast).orElse(physical.node());
                values.problems().at(where, physical.path() + ".pgbackrest is required with engine pgbackrest: set at least"
                        + " pgbackrest.stanza, and either pgbackrest.config (an existing pgbackrest.conf) or pgbackrest.options");
            }
            return Optional.empty();
        }
        YamlMap p = physical.child("pgbackrest");
        Optional<String> stanza = p.requiredText("stanza");
        stanza.filter(s -> !STANZA.matcher(s).matches()).ifPresent(s -> p.get("stanza").ifPresent(n -> values.problems().at(n,
                p.path("stanza") + " must be a pgBackRest stanza name (letters, digits, '_', '.', '-'; got '" + s + "')")));
        Optional<Path> config = p.filePath("config");
        Map<String, String> options = options(p);
        if (config.isPresent() && p.has("options")) {
            p.keyNode("options").ifPresent(k -> values.problems().at(k, p.path("options") + " and " + p.path("config")
                    + " are both set; use one: config names a pgbackrest.conf pgkeeper uses as it is, options makes pgkeeper"
                    + " write its own"));
        }
        p.finish();
        if (engine == PhysicalEngine.PGBACKREST && config.isEmpty()) {
            retention(cluster, options, p);
            if (!cluster.has("pgdata") && !options.containsKey("pg1-path")) {
                values.problems().at(p.node(), p.path() + ": pgBackRest needs the data directory: set " + cluster.path("pgdata")
                        + " (pgkeeper renders it as pg1-path)");
            } else if (cluster.has("pgdata") && options.containsKey("pg1-path")) {
                p.child("options").keyNode("pg1-path").ifPresent(k -> values.problems().at(k, p.path("options") + ".pg1-path"
                        + " repeats " + cluster.path("pgdata") + "; pgkeeper renders pgdata as pg1-path, so remove this one"));
            }
        }
        return stanza.map(s -> new PgBackRestPolicy(s, config, options));
    }

    private Map<String, String> options(YamlMap p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!p.has("options")) {
            p.get("options");
            return out;
        }
        YamlMap o = p.child("options");
        for (YamlMap.Entry e : o.entries()) {
            String name = e.name();
            if (!OPTION.matcher(name).matches()) {
                values.problems().at(e.key(), o.path(name) + " is not a pgBackRest option name (lower-case letters, digits and"
                        + " '-', e.g. repo1-path)");
                continue;
            }
            if (name.equals("stanza") || name.equals("config")) {
                values.problems().at(e.key(), o.path(name) + " is set by pgkeeper; use " + p.path(name) + " instead");
                continue;
            }
            if (!(e.value() instanceof ScalarNode)) {
                values.problems().at(e.value(), o.path(name) + " must be a single value (got " + ScalarReader.describe(e.value()) + ")");
                continue;
            }
            values.text(e.value(), o.path(name)).ifPresent(v -> {
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
        YamlMap r = cluster.child("retention").child("physical");
        if (!cluster.has("retention") || r.isEmpty()) {
            return;
        }
        r.keyNode("recoveryWindow").ifPresent(k -> values.problems().at(k, r.path("recoveryWindow") + " cannot be applied by"
                + " pgBackRest's expire with engine pgbackrest (its time-based retention counts days since each full backup,"
                + " which is not a recovery window); remove it and use keepFull, or set repo1-retention-full-type: time in"
                + " " + p.path("options") + " yourself"));
        Optional<String> keepFull = r.get("keepFull").filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue());
        int full = keepFull.flatMap(PgBackRestBinder::integer).orElse(1);
        r.keyNode("minKeep").ifPresent(k -> {
            Optional<Integer> min = r.get("minKeep").filter(ScalarNode.class::isInstance).flatMap(n -> integer(((ScalarNode) n).getValue()));
            if (min.isPresent() && min.get() > full) {
                values.problems().at(k, r.path("minKeep") + " (" + min.get() + ") is more than keepFull (" + full + "): pgBackRest"
                        + " keeps exactly repo1-retention-full full backups; raise keepFull instead");
            }
        });
        String set = options.get(RETENTION_FULL);
        if (set != null && !set.equals(Integer.toString(full))) {
            Node where = r.get("keepFull").orElse(r.node());
            values.problems().at(where, r.path("keepFull") + " is " + full + " but " + p.path("options") + "." + RETENTION_FULL
                    + " is " + set + "; pgkeeper renders keepFull as " + RETENTION_FULL + ", so set one of them (or make them agree)");
        }
        String type = options.get("repo1-retention-full-type");
        if (type != null && !type.equals("count")) {
            Node where = r.get("keepFull").orElse(r.node());
            values.problems().at(where, r.path("keepFull") + " counts full backups but " + p.path("options")
                    + ".repo1-retention-full-type is " + type + "; remove one of them");
        }
    }

    private static Optional<Integer> integer(String text) {
        try {
            return Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
