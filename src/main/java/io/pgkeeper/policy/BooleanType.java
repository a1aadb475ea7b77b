package io.pgkeeper.policy;

import java.util.Locale;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code true} or {@code false}. YAML 1.1's other spellings ({@code yes}, {@code on}, ...) are
 * refused: {@code async: on} reads as a boolean to one YAML library and as text to another.
 */
record BooleanType() implements ValueType<Boolean> {
    @Override
    public Optional<Boolean> read(ScalarReader values, Node node, String path) {
        Optional<String> text = values.text(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.get().trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return Optional.of(t.equals("true"));
        }
        values.problems().at(node, path + " must be true or false (got '" + text.get() + "')");
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "`true` | `false`";
    }

    @Override
    public String spell(Boolean value) {
        return value.toString();
    }
}
