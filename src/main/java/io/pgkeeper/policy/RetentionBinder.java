package io.pgkeeper.policy;

import java.time.Duration;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Binds {@code clusters.<name>.retention}; the keys are declared in {@link RetentionKeys}. */
final class RetentionBinder {
    private final ScalarReader values;

    RetentionBinder(ScalarReader values) {
        this.values = values;
    }

    RetentionPolicy bind(YamlMap m) {
        Optional<LogicalRetention> logical = present(m, RetentionKeys.LOGICAL).map(this::logical);
        Optional<PhysicalRetention> physical = present(m, RetentionKeys.PHYSICAL).map(this::physical);
        Duration grace = m.value(RetentionKeys.UNFINISHED_GRACE);
        m.finish();
        return new RetentionPolicy(logical, physical, grace);
    }

    /**
     * An empty block would quietly mean "keep one backup" and delete the rest; absent means "keep
     * everything". A block left empty, say by commenting its lines out, is refused instead of guessed.
     */
    private Optional<YamlMap> present(YamlMap m, Key<Void> key) {
        if (!m.has(key)) {
            m.node(key);
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
                m.value(RetentionKeys.KEEP_LAST),
                m.value(RetentionKeys.KEEP_DAILY),
                m.value(RetentionKeys.KEEP_WEEKLY),
                m.value(RetentionKeys.KEEP_MONTHLY),
                m.value(RetentionKeys.KEEP_YEARLY),
                m.optional(RetentionKeys.MAX_AGE),
                m.value(RetentionKeys.MIN_KEEP));
        m.finish();
        return bound;
    }

    private PhysicalRetention physical(YamlMap m) {
        PhysicalRetention bound = new PhysicalRetention(
                m.value(RetentionKeys.KEEP_FULL),
                m.optional(RetentionKeys.RECOVERY_WINDOW),
                m.value(RetentionKeys.PHYSICAL_MIN_KEEP));
        m.finish();
        return bound;
    }
}
