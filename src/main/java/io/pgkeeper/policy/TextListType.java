package io.pgkeeper.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A list of non-empty strings ({@link ValueTypes#TEXT_LIST}); each item is reported under its
 * index ({@code include[2]}). An empty value is an empty list. A value that is not a list is
 * reported and read as an empty list, as it always was, so that the binder's own checks of the
 * list still run.
 */
record TextListType() implements ValueType<List<String>> {

    @Override
    public Optional<List<String>> read(ScalarReader values, Node node, String path) {
        List<Node> items = items(values, node, path);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            values.nonEmptyText(items.get(i), path + "[" + i + "]").ifPresent(out::add);
        }
        return Optional.of(out);
    }

    @Override
    public String describe() {
        return "list of text";
    }

    @Override
    public String spell(List<String> value) {
        return value.isEmpty() ? "[]" : "[\"" + String.join("\", \"", value) + "\"]";
    }

    /** The items of any list value: empty when the value is empty; a problem when it is not a list. */
    static List<Node> items(ScalarReader values, Node node, String path) {
        if (YamlMap.isNull(node) || !values.standardTag(node, path)) {
            return List.of();
        }
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        values.problems().at(node, path + " must be a list (got " + ScalarReader.describe(node) + ")");
        return List.of();
    }
}
