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

/** Binds {@code clusters.<name>.verify}: the sandbox, the row count tolerance and the SQL checks. */
final class VerifyBinder {
    /** A comparison: operator, then a number. Anything not starting with an operator is literal text. */
    static final Pattern COMPARISON = Pattern.compile("(=|!=|<=|>=|<|>)\\s*[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Pattern LOOKS_LIKE_COMPARISON = Pattern.compile("\\s*(=|!=|<|>).*", Pattern.DOTALL);

    private final ScalarReader values;

    VerifyBinder(ScalarReader values) {
        this.values = values;
    }

    VerifyPolicy bind(YamlMap m) {
        VerifyPolicy d = VerifyPolicy.defaults();
        SandboxPolicy sandbox = sandbox(m.child("sandbox"));
        double tolerance = m.decimal("rowCountTolerance", d.rowCountTolerance(), 0, 1);
        List<CheckPolicy> checks = checks(m, "checks");
        m.finish();
        return new VerifyPolicy(sandbox, checks, tolerance);
    }

    private SandboxPolicy sandbox(YamlMap m) {
        String osUser = ClusterBinder.osUser(m, "osUser");
        Optional<Path> baseDir = m.filePath("baseDir");
        m.finish();
        return new SandboxPolicy(osUser, baseDir);
    }

    private List<CheckPolicy> checks(YamlMap m, String key) {
        List<Node> items = m.list(key);
        List<CheckPolicy> checks = new ArrayList<>();
        Map<String, Integer> firstByName = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = m.path(key) + "[" + i + "]";
            if (!(items.get(i) instanceof MappingNode)) {
                values.problems().at(items.get(i), path + " must be a mapping with name, database, sql and"
                        + " expect or fresh (got " + ScalarReader.describe(items.get(i)) + ")");
                continue;
            }
            YamlMap c = YamlMap.of(items.get(i), path, values);
            Optional<CheckPolicy> check = check(c);
            if (check.isPresent()) {
                Integer first = firstByName.putIfAbsent(check.get().name(), i);
                if (first != null) {
                    c.get("name").ifPresent(n -> values.problems().at(n, c.path("name") + " '" + check.get().name()
                            + "' is already used by " + m.path(key) + "[" + first + "]; check names must be unique"));
                }
                checks.add(check.get());
            }
        }
        return checks;
    }

    private Optional<CheckPolicy> check(YamlMap c) {
        Optional<String> name = c.requiredText("name");
        Optional<String> database = c.requiredText("database");
        Optional<String> sql = c.requiredText("sql");
        Optional<String> expect = c.get("expect").flatMap(n -> expect(n, c.path("expect")));
        Optional<Duration> fresh = c.duration("fresh", true);
        if (c.has("expect") && c.has("fresh")) {
            c.keyNode("fresh").ifPresent(k -> values.problems().at(k, c.path("expect") + " and " + c.path("fresh")
                    + " are both set; a check has exactly one of them"));
        } else if (!c.has("expect") && !c.has("fresh") && !c.isEmpty()) {
            values.problems().at(c.node(), c.path() + " needs expect (a comparison such as '>= 1000', or text)"
                    + " or fresh (a duration such as 24h)");
        }
        c.finish();
        if (name.isEmpty() || database.isEmpty() || sql.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CheckPolicy(name.get(), database.get(), sql.get(), expect, fresh));
    }

    /** Numbers are kept as written; text starting with an operator must be a valid comparison. */
    private Optional<String> expect(Node node, String path) {
        Optional<String> text = values.text(node, path);
        if (text.isPresent() && LOOKS_LIKE_COMPARISON.matcher(text.get()).matches()
                && !COMPARISON.matcher(text.get().strip()).matches()) {
            values.problems().at(node, path + " must be a comparison such as '>= 1000' (=, !=, <, <=, >, >= and a"
                    + " number) or text that does not start with one of those operators (got '" + text.get() + "')");
            return Optional.empty();
        }
        return text.map(String::strip);
    }
}
