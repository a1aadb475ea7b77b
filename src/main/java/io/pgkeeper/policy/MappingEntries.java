package io.pgkeeper.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The entries of one YAML mapping by key, in file order. Duplicate keys are problems; YAML merge
 * keys ({@code <<: *defaults}) are honoured, with keys written in the mapping itself winning over
 * merged ones.
 */
final class MappingEntries {

    private MappingEntries() {}

    static Map<String, YamlMap.Entry> of(MappingNode mapping, String path, Problems problems) {
        Map<String, YamlMap.Entry> entries = new LinkedHashMap<>();
        collect(mapping, path, problems, entries, true, Collections.newSetFromMap(new IdentityHashMap<>()));
        return entries;
    }

    /**
     * @param explicit whether these keys are written in the mapping itself (duplicates are problems)
     *     or merged in (only fill keys not yet set)
     * @param merging mappings being merged right now: a merge that reaches itself stops there
     */
    private static void collect(MappingNode mapping, String path, Problems problems, Map<String, YamlMap.Entry> into,
            boolean explicit, Set<Node> merging) {
        if (!merging.add(mapping)) {
            return;
        }
        List<Node> merges = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode.getTag().equals(Tag.MERGE)) {
                merges.add(tuple.getValueNode());
                continue;
            }
            if (!(keyNode instanceof ScalarNode key)) {
                problems.at(keyNode, (path.isEmpty() ? "" : path + ": ") + "keys must be plain names (got "
                        + ScalarReader.describe(keyNode) + " as a key)");
                continue;
            }
            YamlMap.Entry previous = into.get(key.getValue());
            if (previous == null) {
                into.put(key.getValue(), new YamlMap.Entry(key, tuple.getValueNode()));
            } else if (explicit && previous.key() != key) {
                problems.at(key, "duplicate key " + YamlMap.join(path, key.getValue()) + " (first set at line "
                        + (previous.key().getStartMark().getLine() + 1) + ")");
            }
        }
        for (Node merge : merges) {
            List<Node> sources = merge instanceof SequenceNode seq ? seq.getValue() : List.of(merge);
            for (Node source : sources) {
                if (source instanceof MappingNode m) {
                    collect(m, path, problems, into, false, merging);
                } else {
                    problems.at(source, (path.isEmpty() ? "" : path + ": ") + "a merge key (<<) takes a mapping"
                            + " or a list of mappings (got " + ScalarReader.describe(source) + ")");
                }
            }
        }
        merging.remove(mapping);
    }
}
