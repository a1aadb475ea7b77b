package io.pgkeeper.policy;

import java.time.Duration;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Binds {@code clusters.<name>.retention}. */
final class RetentionBinder {
    private static final int MAX = Integer.MAX_VALUE;

    private final ScalarReader values;

    RetentionBinder(ScalarReader values) {
        this.values = values;
    }

    RetentionPolicy bind(YamlMap m) {
        Optional<LogicalRetention> logical = present(m, "logical").map(this::logical);
        Optional<PhysicalRetention> physical = present(m, "physical").map(this::physical);
        Duration grace = m.duration("unfinishedGrace", RetentionPolicy.defaults().unfinishedGrace());
        m.finish();
        return new RetentionPolicy(logical, physical, grace);
    }

    /**
     * An empty block would quietly mean "keep one backup" and delete the rest; absent means "keep
     * everything". A block left empty, say by commenting its lines out, is refused instead of guessed.
     */
    private Optional<YamlMap> present(YamlMap m, String key) {
        if (!m.has(key)) {
            m.get(key);
            return Optional.empty();
        }
        YamlMap block = m.child(key);
        if (block.isEmpty() && !block.wrongShape()) {
            Node where = YamlMap.isNull(block.node()) ? m.keyNode(key).orElseThrow() : block.node();
            values.problems().at(where, block.path() + " is empty; remove it to keep every backup,"
                    + " or set the rules to apply");
        }
        return Optional.of(block);
    }

    private LogicalRetention logical(YamlMap m) {
        LogicalRetention bound = new LogicalRetention(
                m.integer("keepLast", 1, 1, MAX),
                m.integer("keepDaily", 0, 0, MAX),
                m.integer("keepWeekly", 0, 0, MAX),
                m.integer("keepMonthly", 0, 0, MAX),
                m.integer("keepYearly", 0, 0, MAX),
                m.duration("maxAge", true),
                m.integer("minKeep", 1, 1, MAX));
        m.finish();
        return bound;
    }

    private PhysicalRetention physical(YamlMap m) {
        PhysicalRetention bound = new PhysicalRetention(
                m.integer("keepFull", 1, 1, MAX),
                m.duration("recoveryWindow", true),
                m.integer("minKeep", 1, 1, MAX));
        m.finish();
        return bound;
    }
}
