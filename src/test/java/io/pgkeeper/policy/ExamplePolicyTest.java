package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped example must load, show every key, and every key in it must be documented. */
class ExamplePolicyTest {
    static final Path EXAMPLE = Path.of("config/pgkeeper.example.yaml");
    static final Path DOCS = Path.of("docs/policy.md");
    static final Pattern KEY = Pattern.compile("^\\s*(?:-\\s+)?([A-Za-z][A-Za-z0-9]*):", Pattern.MULTILINE);

    /** Every key the policy format has, except the refused {@code password}. */
    static final Set<String> ALL_KEYS = Set.of("version", "repository", "path", "clusters", "connection", "host",
            "port", "user", "dbname", "passfile", "passwordEnv", "binDir", "osUser", "logical", "databases", "include",
            "exclude", "format", "jobs", "compress", "globals", "parallelDatabases", "fingerprint", "verify", "sandbox",
            "baseDir", "rowCountTolerance", "checks", "name", "database", "sql", "expect", "fresh", "retention",
            "keepLast", "keepDaily", "keepWeekly", "keepMonthly", "keepYearly", "maxAge", "minKeep", "physical",
            "keepFull", "recoveryWindow", "unfinishedGrace", "timeouts", "dump", "restore", "connect", "pgdata", "engine",
            "checkpoint", "maxRate", "archive", "launcher", "pgbackrest", "stanza", "config", "options", "schedule", "basebackup", "prune", "full", "diff", "objectives",
            "maxBackupAge", "maxArchiveLag", "maxVerifyAge", "notify", "onFailure", "onSuccess", "onRecovery", "command", "webhook",
            "timeoutSeconds", "metrics", "textfile");

    @Test
    void exampleLoadsCleanlyWithAnEmptyEnvironment() {
        Policy policy = new PolicyLoader().load(EXAMPLE, Map.of());
        assertEquals(Path.of("/var/lib/pgkeeper"), policy.repository().path());
        assertEquals(Set.of("main", "reports"), policy.clusters().keySet());
        ClusterPolicy main = policy.cluster(Optional.of("main"));
        assertEquals(Optional.of("PGKEEPER_MAIN_PASSWORD"), main.connection().passwordEnv());
        assertEquals(2, main.verify().checks().size());
        assertEquals(Optional.of(Duration.ofHours(26)), main.verify().checks().get(1).fresh());
        assertEquals(3, main.retention().logical().orElseThrow().keepLast());
        assertEquals(TimeoutPolicy.defaults(), main.timeouts());
        assertEquals(Optional.of(5433), policy.cluster(Optional.of("reports")).connection().port());
    }

    @Test
    void exampleTakesTheRepositoryFromTheEnvironmentWhenSet() {
        Policy policy = new PolicyLoader().load(EXAMPLE, Map.of("PGKEEPER_REPOSITORY", "/srv/backups"));
        assertEquals(Path.of("/srv/backups"), policy.repository().path());
    }

    @Test
    void exampleShowsEveryKey() throws IOException {
        Set<String> missing = new TreeSet<>(ALL_KEYS);
        missing.removeAll(keys(Files.readString(EXAMPLE)));
        assertEquals(Set.of(), missing);
    }

    @Test
    void everyKeyIsDocumented() throws IOException {
        String docs = Files.readString(DOCS);
        List<String> undocumented = ALL_KEYS.stream()
                .filter(k -> !Pattern.compile("`([A-Za-z<>]+\\.)*" + k + "(\\.[A-Za-z]+)*`").matcher(docs).find())
                .sorted()
                .toList();
        assertEquals(List.of(), undocumented);
        assertTrue(docs.contains("`password`"), "the refused key is documented too");
    }

    private static Set<String> keys(String yaml) {
        Set<String> keys = new TreeSet<>();
        Matcher m = KEY.matcher(yaml);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }
}
