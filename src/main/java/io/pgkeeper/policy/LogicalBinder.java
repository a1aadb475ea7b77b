package io.pgkeeper.policy;

import java.util.List;
import java.util.regex.PatternSyntaxException;

/** Binds {@code clusters.<name>.logical} to a {@link LogicalPolicy}; the keys are declared in {@link LogicalKeys}. */
final class LogicalBinder {
    private final ScalarReader values;

    LogicalBinder(ScalarReader values) {
        this.values = values;
    }

    LogicalPolicy bind(YamlMap m) {
        LogicalPolicy bound = new LogicalPolicy(
                databases(m.child(LogicalKeys.DATABASES)),
                m.value(LogicalKeys.FORMAT),
                m.value(LogicalKeys.JOBS),
                m.optional(LogicalKeys.COMPRESS),
                m.value(LogicalKeys.GLOBALS),
                m.value(LogicalKeys.PARALLEL_DATABASES),
                m.value(LogicalKeys.FINGERPRINT));
        m.finish();
        return bound;
    }

    private DatabaseSelection databases(YamlMap m) {
        List<String> include = patterns(m, LogicalKeys.INCLUDE);
        List<String> exclude = patterns(m, LogicalKeys.EXCLUDE);
        if (include.isEmpty() && m.has(LogicalKeys.INCLUDE)) {
            m.node(LogicalKeys.INCLUDE).ifPresent(n -> values.problems().at(n, m.path(LogicalKeys.INCLUDE)
                    + " must list at least one pattern (\"*\" selects every database)"));
        }
        m.finish();
        return new DatabaseSelection(include, exclude);
    }

    /** Checked here so that a bad glob fails validation, not the 3 a.m. dump. */
    private List<String> patterns(YamlMap m, Key<List<String>> key) {
        List<String> patterns = m.value(key);
        for (String pattern : m.has(key) ? patterns : List.<String>of()) {
            try {
                new DatabaseSelection(List.of(pattern), List.of()).selects("postgres");
            } catch (PatternSyntaxException e) {
                m.node(key).ifPresent(n -> values.problems().at(n, m.path(key) + " has an invalid pattern '"
                        + pattern + "' (" + e.getDescription() + ")"));
            }
        }
        return patterns;
    }
}
