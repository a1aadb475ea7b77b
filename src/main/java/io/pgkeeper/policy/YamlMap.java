package io.pgkeeper.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the policy under its dotted path, read through the {@link Section} that
 * declares its keys. Binders read each key through its {@link Key}, which supplies the type,
 * the default and whether it is required; {@link #finish()} then reports keys the section does
 * not declare (with the closest declared key as a suggestion), forbidden keys, and keys that
 * exclude each other. A mapping of names (clusters, pgBackRest options) has no section: the
 * binder takes its {@link #entries()}.
 *
 * <p>No lambdas on the reading path: each one links on first use, and {@code archive push}
 * reads a policy in every fresh JVM.
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
    /** The keys this mapping may hold; null for a mapping of names. */
    private final Section section;
    private final Map<String, Entry> entries;
    /** Not a mapping, already reported: its keys are not reported missing on top of that. */
    private final boolean wrongShape;
    /** Its key is not written: nothing in it is reported missing either, whatever it requires. */
    private final boolean absent;
    private final Set<String> handled = new HashSet<>();

    private YamlMap(Node node, String path, ScalarReader values, Section section, Map<String, Entry> entries,
            boolean wrongShape, boolean absent) {
        this.node = node;
        this.path = path;
        this.values = values;
        this.section = section;
        this.entries = entries;
        this.wrongShape = wrongShape;
        this.absent = absent;
    }

    /**
     * The mapping at {@code node}. An empty value ({@code connection:}) is an empty mapping, so
     * every key takes its default; anything other than a mapping is a problem.
     *
     * @param section its keys, or null for a mapping of names
     */
    static YamlMap of(Node node, String path, ScalarReader values, Section section) {
        if (!values.standardTag(node, label(path))) {
            return new YamlMap(node, path, values, section, Map.of(), true, false);
        }
        if (node instanceof MappingNode mapping) {
            return new YamlMap(node, path, values, section, MappingEntries.of(mapping, path, values.problems()), false, false);
        }
        if (!isNull(node)) {
            values.problems().at(node, label(path) + " must be a mapping of keys"
                    + (path.isEmpty() && section != null ? " such as " + list(section.requiredNames()) : "")
                    + " (got " + ScalarReader.describe(node) + ")");
            return new YamlMap(node, path, values, section, Map.of(), true, false);
        }
        return new YamlMap(node, path, values, section, Map.of(), false, false);
    }

    private static String label(String path) {
        return path.isEmpty() ? "the policy" : path;
    }

    private static String list(List<String> names) {
        int last = names.size() - 1;
        return last <= 0 ? String.join("", names) : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    String path() {
        return path;
    }

    String path(Key<?> key) {
        return join(path, key.name());
    }

    /** The path of an entry of a mapping of names. */
    String path(String name) {
        return join(path, name);
    }

    Node node() {
        return node;
    }

    Problems problems() {
        return values.problems();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean wrongShape() {
        return wrongShape;
    }

    boolean has(Key<?> key) {
        assert owns(key);
        return entries.containsKey(key.name());
    }

    /**
     * The node written for a key, unread; reading it makes the key handled. A required key that
     * is missing is a problem at this mapping.
     */
    Optional<Node> node(Key<?> key) {
        assert owns(key);
        handled.add(key.name());
        Entry entry = entries.get(key.name());
        if (entry == null && key.isRequired() && !wrongShape && !absent) {
            values.problems().at(node, path(key) + " is required");
        }
        return entry == null ? Optional.empty() : Optional.of(entry.value());
    }

    /** The value of a node written for {@code key}, read through the key's type. */
    <T> Optional<T> read(Key<T> key, Node value) {
        return key.type().read(values, value, path(key));
    }

    /** The value, when the key is written and its value usable. */
    <T> Optional<T> optional(Key<T> key) {
        Optional<Node> value = node(key);
        return value.isPresent() ? read(key, value.get()) : Optional.empty();
    }

    /** The value, or the declared default when the key is left out or its value is unusable (and reported). */
    <T> T value(Key<T> key) {
        Optional<T> value = optional(key);
        return value.isPresent() ? value.get() : key.defaultValue();
    }

    /** Where a key is written, for problems about the key rather than its value. */
    Optional<ScalarNode> keyNode(Key<?> key) {
        assert owns(key);
        return Optional.ofNullable(entries.get(key.name())).map(Entry::key);
    }

    /** The mapping a block or entries key holds; an empty one when the key is left out. */
    YamlMap child(Key<?> key) {
        Section keys = key.shape() == Key.Shape.ENTRIES ? null : key.section();
        Optional<Node> value = node(key);
        return value.isPresent() ? of(value.get(), path(key), values, keys)
                : new YamlMap(node, path(key), values, keys, Map.of(), false, true);
    }

    /** The items of a list key: empty when absent or empty; a problem when not a list. */
    List<Node> list(Key<?> key) {
        Optional<Node> value = node(key);
        return value.isPresent() ? TextListType.items(values, value.get(), path(key)) : List.of();
    }

    /** Item {@code index} of a list of mappings, read through the list key's item section. */
    YamlMap item(Key<?> key, int index, Node item) {
        return of(item, path(key) + "[" + index + "]", values, key.section());
    }

    /** Every entry of a mapping of names (clusters, options). */
    List<Entry> entries() {
        assert section == null : path + " has declared keys, not names";
        return List.copyOf(entries.values());
    }

    /** Where an entry of a mapping of names is written. */
    Optional<ScalarNode> keyNode(String name) {
        return Optional.ofNullable(entries.get(name)).map(Entry::key);
    }

    /** Reports what the section does not allow. Call after reading every key. */
    void finish() {
        if (section == null) {
            return; // a mapping of names: the binder reads every entry
        }
        for (Entry entry : entries.values()) {
            Key<?> key = section.key(entry.name());
            if (key == null) {
                List<String> known = section.known();
                String hint = KeySuggester.closest(entry.name(), known)
                        .map(k -> " (did you mean '" + k + "'?)")
                        .orElse(" (known keys: " + String.join(", ", known) + ")");
                values.problems().at(entry.key(), "unknown key " + path(entry.name()) + hint);
            } else if (key.shape() == Key.Shape.FORBIDDEN) {
                values.problems().at(entry.key(), path(key) + " " + key.refusal());
            } else {
                assert handled.contains(key.name()) : "the binder of " + path + " never read " + key.name();
            }
        }
        for (Section.Exclusive x : section.exclusives()) {
            exclusive(x);
        }
    }

    private void exclusive(Section.Exclusive x) {
        Entry first = entries.get(x.first().name());
        Entry second = entries.get(x.second().name());
        if (first != null && second != null) {
            Entry later = first.key().getStartMark().getIndex() > second.key().getStartMark().getIndex() ? first : second;
            values.problems().at(later.key(), path(x.first()) + " and " + path(x.second()) + " are both set; " + x.reason());
        } else if (first == null && second == null && x.neither().isPresent() && !wrongShape && !absent
                && (!entries.isEmpty() || section.requiredNames().isEmpty())) {
            // An empty mapping with required keys already has a problem for each of them.
            values.problems().at(node, path + " " + x.neither().get());
        }
    }

    private boolean owns(Key<?> key) {
        if (section == null || !section.owns(key)) {
            throw new AssertionError(path + " does not declare " + key.name());
        }
        return true;
    }
}
