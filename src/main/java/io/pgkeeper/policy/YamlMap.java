package io.pgkeeper.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the policy, read key by key under its dotted path. Keys the binder never
 * asks for are reported by {@link #finish()} as unknown, with the closest asked-for key as a
 * suggestion. Duplicate keys are problems; YAML merge keys ({@code <<: *defaults}) are honoured,
 * with keys written in the mapping itself winning over merged ones.
 */
final class YamlMap {
    /** A key as written, and its value. */
    record Entry(ScalarNode key, Node value) {
        String name() {
            return key.getValue();
        }
    }

    private final Node node;
    private final String path;
    private final ScalarReader values;
    private final Map<String, Entry> entries;
    /** Not a mapping, already reported: its keys are not reported missing on top of that. */
    private final boolean wrongShape;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> handled = new LinkedHashSet<>();

    private YamlMap(Node node, String path, ScalarReader values, Map<String, Entry> entries, boolean wrongShape) {
        this.node = node;
        this.path = path;
        this.values = values;
        this.entries = entries;
        this.wrongShape = wrongShape;
    }

    /**
     * The mapping at {@code node}. An empty value ({@code connection:}) is an empty mapping, so
     * every key takes its default; anything other than a mapping is a problem.
     */
    static YamlMap of(Node node, String path, ScalarReader values) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (!values.standardTag(node, label(path))) {
            return new YamlMap(node, path, values, entries, true);
        }
        if (node instanceof MappingNode mapping) {
            collect(mapping, path, values.problems(), entries, true, Collections.newSetFromMap(new IdentityHashMap<>()));
        } else if (!isNull(node)) {
            values.problems().at(node, label(path) + " must be a mapping of keys"
                    + (path.isEmpty() ? " such as version, repository and clusters" : "")
                    + " (got " + ScalarReader.describe(node) + ")");
            return new YamlMap(node, path, values, entries, true);
        }
        return new YamlMap(node, path, values, entries, false);
    }

    private static String label(String path) {
        return path.isEmpty() ? "the policy" : path;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /**
     * @param explicit whether these keys are written in the mapping itself (duplicates are problems)
     *     or merged in (only fill keys not yet set)
     * @param merging mappings being merged right now: a merge that reaches itself stops there
     */
    private static void collect(MappingNode mapping, String path, Problems problems, Map<String, Entry> into,
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
            Entry previous = into.get(key.getValue());
            if (previous == null) {
                into.put(key.getValue(), new Entry(key, tuple.getValueNode()));
            } else if (explicit && previous.key() != key) {
                problems.at(key, "duplicate key " + join(path, key.getValue()) + " (first set at line "
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

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return join(path, key);
    }

    Node node() {
        return node;
    }

    Problems problems() {
        return values.problems();
    }

    ScalarReader values() {
        return values;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean wrongShape() {
        return wrongShape;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value of a key; asking makes the key known, whether or not it is present. */
    Optional<Node> get(String key) {
        known.add(key);
        handled.add(key);
        return Optional.ofNullable(entries.get(key)).map(Entry::value);
    }

    Optional<Node> require(String key) {
        Optional<Node> value = get(key);
        if (value.isEmpty() && !wrongShape) {
            values.problems().at(node, path(key) + " is required");
        }
        return value;
    }

    /** Where a key is written, for problems about the key rather than its value. */
    Optional<ScalarNode> keyNode(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::key);
    }

    /** Every entry: for mappings whose keys are names (clusters), not a fixed set. */
    List<Entry> entries() {
        handled.addAll(entries.keySet());
        return List.copyOf(entries.values());
    }

    /** A key that must not appear, with the message saying what to do instead; never suggested. */
    void forbid(String key, String message) {
        handled.add(key);
        Entry entry = entries.get(key);
        if (entry != null) {
            values.problems().at(entry.key(), path(key) + " " + message);
        }
    }

    YamlMap child(String key) {
        return get(key).map(n -> of(n, path(key), values)).orElseGet(() -> new YamlMap(node, path(key), values, Map.of(), false));
    }

    /** The list at a key: empty when absent or empty; a problem when not a list. */
    List<Node> list(String key) {
        Optional<Node> value = get(key);
        if (value.isEmpty() || isNull(value.get()) || !values.standardTag(value.get(), path(key))) {
            return List.of();
        }
        if (value.get() instanceof SequenceNode seq) {
            return seq.getValue();
        }
        values.problems().at(value.get(), path(key) + " must be a list (got " + ScalarReader.describe(value.get()) + ")");
        return List.of();
    }

    Optional<String> text(String key) {
        return get(key).flatMap(n -> values.nonEmptyText(n, path(key)));
    }

    String text(String key, String dflt) {
        return text(key).orElse(dflt);
    }

    Optional<String> requiredText(String key) {
        return require(key).flatMap(n -> values.nonEmptyText(n, path(key)));
    }

    int integer(String key, int dflt, int min, int max) {
        return optionalInteger(key, min, max).orElse(dflt);
    }

    Optional<Integer> optionalInteger(String key, int min, int max) {
        return get(key).flatMap(n -> values.integer(n, path(key), min, max));
    }

    double decimal(String key, double dflt, double min, double max) {
        return get(key).flatMap(n -> values.decimal(n, path(key), min, max)).orElse(dflt);
    }

    Optional<Duration> duration(String key, boolean positive) {
        return get(key).flatMap(n -> values.duration(n, path(key), positive));
    }

    Duration duration(String key, Duration dflt) {
        return duration(key, true).orElse(dflt);
    }

    Optional<Path> filePath(String key) {
        return get(key).flatMap(n -> values.path(n, path(key)));
    }

    <E> E choice(String key, E dflt, Map<String, E> allowed) {
        return get(key).flatMap(n -> values.choice(n, path(key), allowed)).orElse(dflt);
    }

    /** A list of non-empty strings. */
    Optional<List<String>> textList(String key) {
        if (!has(key)) {
            get(key);
            return Optional.empty();
        }
        List<Node> items = list(key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            values.nonEmptyText(items.get(i), path(key) + "[" + i + "]").ifPresent(out::add);
        }
        return Optional.of(out);
    }

    /** Reports every key nobody asked for. Call after reading all known keys. */
    void finish() {
        for (Entry entry : entries.values()) {
            if (handled.contains(entry.name())) {
                continue;
            }
            String hint = KeySuggester.closest(entry.name(), known)
                    .map(k -> " (did you mean '" + k + "'?)")
                    .orElse(known.isEmpty() ? "" : " (known keys: " + String.join(", ", known) + ")");
            values.problems().at(entry.key(), "unknown key " + path(entry.name()) + hint);
        }
    }
}
