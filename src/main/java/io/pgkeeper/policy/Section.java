package io.pgkeeper.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys one mapping of the policy may hold, in the order the reference lists them and
 * "unknown key" messages name them, with the pairs of keys that exclude each other. Declared
 * once in a {@code *Keys} class; {@link YamlMap} reads a mapping through its section.
 */
final class Section {
    /**
     * Two keys that cannot both be set. Both set is reported at the one written second:
     * "{first} and {second} are both set; {reason}". With {@code neither}, one of them is
     * required too, and a mapping with neither gets "{mapping} {neither}".
     */
    record Exclusive(Key<?> first, Key<?> second, String reason, Optional<String> neither) {}

    private final String doc;
    private final List<Key<?>> keys;
    private final List<Exclusive> exclusives;

    private Section(String doc, List<Key<?>> keys, List<Exclusive> exclusives) {
        this.doc = doc;
        this.keys = keys;
        this.exclusives = exclusives;
    }

    /** @param doc the paragraph the reference shows above the section's table; may be empty */
    static Section of(String doc, Key<?>... keys) {
        return new Section(doc, List.of(keys), List.of());
    }

    /** {@code first} and {@code second} cannot both be set. */
    Section atMostOne(Key<?> first, Key<?> second, String reason) {
        return with(new Exclusive(first, second, reason, Optional.empty()));
    }

    /** Exactly one of {@code first} and {@code second} is set. */
    Section exactlyOne(Key<?> first, Key<?> second, String reason, String neither) {
        return with(new Exclusive(first, second, reason, Optional.of(neither)));
    }

    private Section with(Exclusive exclusive) {
        if (!owns(exclusive.first()) || !owns(exclusive.second())) {
            throw new IllegalArgumentException(exclusive.first() + " and " + exclusive.second() + " are not both in this section");
        }
        List<Exclusive> all = new ArrayList<>(exclusives);
        all.add(exclusive);
        return new Section(doc, keys, List.copyOf(all));
    }

    String doc() {
        return doc;
    }

    List<Key<?>> keys() {
        return keys;
    }

    List<Exclusive> exclusives() {
        return exclusives;
    }

    /** The declared key of this name, or null. A section has a dozen keys at most: a scan is enough. */
    Key<?> key(String name) {
        for (Key<?> k : keys) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    boolean owns(Key<?> key) {
        for (Key<?> k : keys) {
            if (k == key) {
                return true;
            }
        }
        return false;
    }

    /** The names an unknown key may have been meant as: every key but the forbidden ones. */
    List<String> known() {
        List<String> names = new ArrayList<>();
        for (Key<?> k : keys) {
            if (k.shape() != Key.Shape.FORBIDDEN) {
                names.add(k.name());
            }
        }
        return names;
    }

    List<String> requiredNames() {
        List<String> names = new ArrayList<>();
        for (Key<?> k : keys) {
            if (k.isRequired()) {
                names.add(k.name());
            }
        }
        return names;
    }
}
