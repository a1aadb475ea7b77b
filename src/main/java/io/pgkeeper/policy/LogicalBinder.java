package io.pgkeeper.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Binds {@code clusters.<name>.logical} to a {@link LogicalPolicy}. */
final class LogicalBinder {
    static final Map<String, DumpFormat> FORMATS = formats();
    static final Map<String, GlobalsMode> GLOBALS = names(GlobalsMode.ROLES, GlobalsMode.ALL, GlobalsMode.NONE);
    static final Map<String, FingerprintMode> FINGERPRINTS =
            names(FingerprintMode.EXACT, FingerprintMode.ESTIMATE, FingerprintMode.OFF);

    private final ScalarReader values;

    LogicalBinder(ScalarReader values) {
        this.values = values;
    }

    LogicalPolicy bind(YamlMap m) {
        LogicalPolicy d = LogicalPolicy.defaults();
        LogicalPolicy bound = new LogicalPolicy(
                databases(m.child("databases")),
                m.choice("format", d.format(), FORMATS),
                m.integer("jobs", d.jobs(), 1, Integer.MAX_VALUE),
                compress(m),
                m.choice("globals", d.globals(), GLOBALS),
                m.integer("parallelDatabases", d.parallelDatabases(), 1, Integer.MAX_VALUE),
                m.choice("fingerprint", d.fingerprint(), FINGERPRINTS));
        m.finish();
        return bound;
    }

    private DatabaseSelection databases(YamlMap m) {
        DatabaseSelection d = DatabaseSelection.defaults();
        List<String> include = patterns(m, "include").orElse(d.include());
        List<String> exclude = patterns(m, "exclude").orElse(d.exclude());
        if (include.isEmpty() && m.has("include")) {
            m.get("include").ifPresent(n -> values.problems().at(n, m.path("include")
                    + " must list at least one pattern (\"*\" selects every database)"));
        }
        m.finish();
        return new DatabaseSelection(include, exclude);
    }

    /** Checked here so that a bad glob fails validation, not the 3 a.m. dump. */
    private Optional<List<String>> patterns(YamlMap m, String key) {
        Optional<List<String>> patterns = m.textList(key);
        for (String pattern : patterns.orElse(List.of())) {
            try {
                new DatabaseSelection(List.of(pattern), List.of()).selects("postgres");
            } catch (PatternSyntaxException e) {
                m.get(key).ifPresent(n -> values.problems().at(n, m.path(key) + " has an invalid pattern '"
                        + pattern + "' (" + e.getDescription() + ")"));
            }
        }
        return patterns;
    }

    /** pg_dump's --compress takes a level (0-9) or a method[:detail] such as gzip:6 or zstd:long. */
    private Optional<String> compress(YamlMap m) {
        Optional<Node> node = m.get("compress");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            return values.integer(s, m.path("compress"), 0, 9).map(String::valueOf);
        }
        Optional<String> text = values.nonEmptyText(node.get(), m.path("compress"));
        if (text.isPresent() && text.get().chars().anyMatch(Character::isWhitespace)) {
            values.problems().at(node.get(), m.path("compress") + " must be a level 0-9 or a method such as"
                    + " gzip:6, lz4 or zstd:long, without spaces (got '" + text.get() + "')");
            return Optional.empty();
        }
        return text;
    }

    private static Map<String, DumpFormat> formats() {
        Map<String, DumpFormat> names = new LinkedHashMap<>();
        for (DumpFormat f : DumpFormat.values()) {
            names.put(f.yamlName(), f);
        }
        return Collections.unmodifiableMap(names);
    }

    /** Lower-case constant names, in the order given, which is the order messages list them. */
    @SafeVarargs
    static <E extends Enum<E>> Map<String, E> names(E... constants) {
        Map<String, E> names = new LinkedHashMap<>();
        for (E e : constants) {
            names.put(e.name().toLowerCase(Locale.ROOT), e);
        }
        return Collections.unmodifiableMap(names);
    }
}
