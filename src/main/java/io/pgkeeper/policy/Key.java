package io.pgkeeper.policy;

import java.util.Optional;

/**
 * One key of the policy, declared once in a {@code *Keys} class: its name, what it holds, its
 * default, whether it is required, and the paragraph the reference shows for it. Binders read
 * values only through keys ({@link YamlMap#value}), so defaults, ranges and allowed spellings
 * come from here; {@link PolicyReference} renders the same declarations into docs/policy.md.
 *
 * <p>Why Java and not a resource file such as pgBackRest's {@code build/config.yaml}: {@code
 * archive push} and {@code archive get} load the policy once per WAL segment, so start-up time
 * is their cost (docs/performance.md). A declaration in code is a few hundred small objects built
 * by static initialisers that class-data sharing keeps pre-parsed, with nothing to read or parse,
 * and it is typed: a {@code Key<Duration>} gives the binder a Duration, checked by the compiler.
 * pgBackRest, the model, does not read its YAML at run time either: its build renders it into C
 * ({@code src/config/parse.auto.c.inc}).
 *
 * <p>Identity matters: a key belongs to exactly one {@link Section}, and keys are compared by
 * identity, never by value.
 */
final class Key<T> {
    /** What a key holds. */
    enum Shape {
        /** One value of a {@link ValueType}; with a section too, the value may be that mapping instead. */
        VALUE,
        /** A mapping of the keys of a section. */
        BLOCK,
        /** A list whose items are mappings of the keys of a section. */
        LIST,
        /** A mapping of names the user chooses (clusters, pgBackRest options) to a section or a value each. */
        ENTRIES,
        /** A key that must never be written; reading it is a problem that says what to do instead. */
        FORBIDDEN
    }

    private final String name;
    private final Shape shape;
    private final ValueType<T> type;
    private final Section section;
    private final Optional<T> dflt;
    private final String unset;
    private final boolean required;
    private final String placeholder;
    private final String doc;

    private Key(String name, Shape shape, ValueType<T> type, Section section, Optional<T> dflt, String unset,
            boolean required, String placeholder, String doc) {
        this.name = name;
        this.shape = shape;
        this.type = type;
        this.section = section;
        this.dflt = dflt;
        this.unset = unset;
        this.required = required;
        this.placeholder = placeholder;
        this.doc = doc;
    }

    static <T> Key<T> value(String name, ValueType<T> type, String doc) {
        return new Key<>(name, Shape.VALUE, type, null, Optional.empty(), "unset", false, null, doc);
    }

    static Key<Void> block(String name, Section section, String doc) {
        return new Key<>(name, Shape.BLOCK, null, section, Optional.empty(), "", false, null, doc);
    }

    /** A list of mappings, each with the keys of {@code item}. */
    static Key<Void> list(String name, Section item, String doc) {
        return new Key<>(name, Shape.LIST, null, item, Optional.empty(), "", false, null, doc);
    }

    /** A mapping of names to mappings, each with the keys of {@code each}; the reference shows a name as {@code placeholder}. */
    static Key<Void> entries(String name, String placeholder, Section each, String doc) {
        return new Key<>(name, Shape.ENTRIES, null, each, Optional.empty(), "", false, placeholder, doc);
    }

    /** A mapping of names to single values of {@code each}. */
    static <T> Key<T> entries(String name, String placeholder, ValueType<T> each, String doc) {
        return new Key<>(name, Shape.ENTRIES, each, null, Optional.empty(), "", false, placeholder, doc);
    }

    /** @param message follows the key's path in the problem, e.g. "is not allowed: ..." */
    static Key<Void> forbidden(String name, String message, String doc) {
        return new Key<>(name, Shape.FORBIDDEN, null, null, Optional.empty(), "—", false, message, doc);
    }

    /** The value when the key is left out. */
    Key<T> byDefault(T value) {
        return new Key<>(name, shape, type, section, Optional.of(value), unset, required, placeholder, doc);
    }

    /** What leaving the key out means, for the reference, when there is no default value ("libpq's"). */
    Key<T> unset(String meaning) {
        return new Key<>(name, shape, type, section, dflt, meaning, required, placeholder, doc);
    }

    /** Must be present whenever the mapping that holds it is. */
    Key<T> required() {
        return new Key<>(name, shape, type, section, dflt, unset, true, placeholder, doc);
    }

    /** A value that may instead be written as a mapping of the keys of {@code alternative}. */
    Key<T> orBlock(Section alternative) {
        return new Key<>(name, shape, type, alternative, dflt, unset, required, placeholder, doc);
    }

    String name() {
        return name;
    }

    Shape shape() {
        return shape;
    }

    /** The value type; null for blocks, lists and entries of mappings. */
    ValueType<T> type() {
        return type;
    }

    /** The keys of the mapping this key holds (or of each item or entry); null when it holds values only. */
    Section section() {
        return section;
    }

    Optional<T> dflt() {
        return dflt;
    }

    /** The declared default. A binder asks only for keys that have one: anything else is a bug here. */
    T defaultValue() {
        if (dflt.isEmpty()) {
            throw new IllegalStateException("policy key " + name + " declares no default");
        }
        return dflt.get();
    }

    String unsetMeaning() {
        return unset;
    }

    boolean isRequired() {
        return required;
    }

    /** For entries: how the reference names an entry, e.g. {@code <name>}. */
    String placeholder() {
        return shape == Shape.ENTRIES ? placeholder : null;
    }

    /** For a forbidden key: the problem's text after the path. */
    String refusal() {
        return shape == Shape.FORBIDDEN ? placeholder : null;
    }

    String doc() {
        return doc;
    }

    @Override
    public String toString() {
        return name;
    }
}
