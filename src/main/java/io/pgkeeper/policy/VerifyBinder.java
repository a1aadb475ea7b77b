package io.pgkeeper.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds {@code clusters.<name>.verify}: the sandbox, the row count tolerance and the SQL checks.
 * The keys are declared in {@link VerifyKeys}.
 */
final class VerifyBinder {
    /** A comparison: operator, then a number. Anything not starting with an operator is literal text. */
    static final Pattern COMPARISON = Pattern.compile("(=|!=|<=|>=|<|>)\\s*[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Pattern LOOKS_LIKE_COMPARISON = Pattern.compile("\\s*(=|!=|<|>).*", Pattern.DOTALL);

    private final ScalarReader values;

    VerifyBinder(ScalarReader values) {
        this.values = values;
    }

    VerifyPolicy bind(YamlMap m) {
        SandboxPolicy sandbox = sandbox(m.child(VerifyKeys.SANDBOX));
        double tolerance = m.value(VerifyKeys.ROW_COUNT_TOLERANCE);
        List<CheckPolicy> checks = checks(m);
        m.finish();
        return new VerifyPolicy(sandbox, checks, tolerance);
    }

    private SandboxPolicy sandbox(YamlMap m) {
        String osUser = ClusterBinder.osUser(m, VerifyKeys.SANDBOX_OS_USER);
        Optional<Path> baseDir = m.optional(VerifyKeys.SANDBOX_BASE_DIR);
        m.finish();
        return new SandboxPolicy(osUser, baseDir);
    }

    private List<CheckPolicy> checks(YamlMap m) {
        List<Node> items = m.list(VerifyKeys.CHECKS);
        List<CheckPolicy> checks = new ArrayList<>();
        Map<String, Integer> firstByName = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof MappingNode)) {
                values.problems().at(items.get(i), m.path(VerifyKeys.CHECKS) + "[" + i + "] must be a mapping with name,"
                        + " database, sql and expect or fresh (got " + ScalarReader.describe(items.get(i)) + ")");
                continue;
            }
            YamlMap c = m.item(VerifyKeys.CHECKS, i, items.get(i));
            Optional<CheckPolicy> check = check(c);
            if (check.isPresent()) {
                Integer first = firstByName.putIfAbsent(check.get().name(), i);
                if (first != null) {
                    c.node(VerifyKeys.NAME).ifPresent(n -> values.problems().at(n, c.path(VerifyKeys.NAME) + " '"
                            + check.get().name() + "' is already used by " + m.path(VerifyKeys.CHECKS) + "[" + first
                            + "]; check names must be unique"));
                }
                checks.add(check.get());
            }
        }
        return checks;
    }

    private Optional<CheckPolicy> check(YamlMap c) {
        Optional<String> name = c.optional(VerifyKeys.NAME);
        Optional<String> database = c.optional(VerifyKeys.DATABASE);
        Optional<String> sql = c.optional(VerifyKeys.SQL);
        Optional<String> expect = c.node(VerifyKeys.EXPECT).flatMap(n -> expect(c, n));
        Optional<Duration> fresh = c.optional(VerifyKeys.FRESH);
        c.finish(); // also: exactly one of expect and fresh
        if (name.isEmpty() || database.isEmpty() || sql.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CheckPolicy(name.get(), database.get(), sql.get(), expect, fresh));
    }

    /** Numbers are kept as written; text starting with an operator must be a valid comparison. */
    private Optional<String> expect(YamlMap c, Node node) {
        Optional<String> text = c.read(VerifyKeys.EXPECT, node);
        if (text.isPresent() && LOOKS_LIKE_COMPARISON.matcher(text.get()).matches()
                && !COMPARISON.matcher(text.get().strip()).matches()) {
            values.problems().at(node, c.path(VerifyKeys.EXPECT) + " must be a comparison such as '>= 1000' (=, !=, <, <=,"
                    + " >, >= and a number) or text that does not start with one of those operators (got '" + text.get() + "')");
            return Optional.empty();
        }
        return text.map(String::strip);
    }
}
