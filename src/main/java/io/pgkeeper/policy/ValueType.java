package io.pgkeeper.policy;

import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The type of one declared policy value ({@link Key}): how it is read from its YAML node, how the
 * reference ({@code docs/policy.md}) names it, and how a value of it is written in YAML, which is
 * how declared defaults appear in the reference. The types are in {@link ValueTypes}.
 */
interface ValueType<T> {

    /** The value, or empty when it is unusable; the problem is already recorded at the node. */
    Optional<T> read(ScalarReader values, Node node, String path);

    /** As the reference's type column shows it, e.g. {@code integer, >= 1} or {@code `fast` | `spread`}. */
    String describe();

    /** A value as a policy file would write it, e.g. {@code 1d} for a day. */
    String spell(T value);
}
