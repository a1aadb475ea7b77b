package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and hostile YAML: each becomes one located problem, never an exception or a hang. */
class PolicyYamlTest {
    /** Not a performance bound: a guard so that a regression to a hang fails instead of stalling the build. */
    static final Duration HANG_GUARD = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    PolicyFiles files;

    @BeforeEach
    void setUp() {
        files = new PolicyFiles(dir);
    }

    @Test
    void syntaxErrorIsLocated() {
        files.assertOnlyProblem("""
                version: 1
                repository:
                  path: /srv: backups
                """, 3, 13, "YAML syntax error: mapping values are not allowed here");
    }

    @Test
    void unclosedFlowSequenceIsLocated() {
        files.assertOnlyProblem("""
                version: 1
                clusters: {main: {logical: {databases: {include: [a, b}}}}
                """, 2, 55, "YAML syntax error: expected ',' or ']', but got } (while parsing a flow sequence)");
    }

    @Test
    void tabIndentationIsLocated() {
        List<String> problems = files.problems("version: 1\nrepository:\n\tpath: /srv\n");
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith(files.located(3, 1, "YAML syntax error: found character '\\t(TAB)'")),
                problems.get(0));
    }

    @Test
    void badIndentationSaysSo() {
        files.assertOnlyProblem("""
                version: 1
                repository:
                    path: /srv
                  extra: 1
                """, 4, 3, "YAML syntax error: expected <block end>, but found '<block mapping start>'"
                        + " (while parsing a block mapping); check the indentation");
    }

    @Test
    void floodOfProblemsIsCapped() {
        StringBuilder yaml = new StringBuilder("version: 1\nrepository: {path: /srv}\nclusters: {main: {}}\n");
        for (int i = 0; i < Problems.MAX_SHOWN + 100; i++) {
            yaml.append("unknown").append(i).append(": x\n");
        }
        List<String> problems = files.problems(yaml.toString());
        assertEquals(Problems.MAX_SHOWN + 1, problems.size());
        assertEquals(files.located(4, 1, "unknown key unknown0 (known keys: version, repository, clusters, notify, metrics)"), problems.get(0));
        assertEquals(files.located(1, 1, "100 more problems not shown; fix the ones above first"),
                problems.get(Problems.MAX_SHOWN));
    }

    @Test
    void emptyFileIsAProblem() {
        files.assertOnlyProblem("", 1, 1, "policy is empty (start from config/pgkeeper.example.yaml)");
        files.assertOnlyProblem("# nothing but a comment\n\n", 1, 1, "policy is empty (start from config/pgkeeper.example.yaml)");
        files.assertOnlyProblem("---\n", 1, 1, "policy is empty (start from config/pgkeeper.example.yaml)");
    }

    @Test
    void secondDocumentIsAProblem() {
        files.assertOnlyProblem("""
                version: 1
                ---
                version: 1
                """, 2, 1, "YAML syntax error: but found another document (expected a single document in the stream)");
    }

    @Test
    void undefinedAliasIsLocated() {
        files.assertOnlyProblem("""
                version: 1
                repository: *nowhere
                """, 2, 13, "YAML syntax error: found undefined alias nowhere");
    }

    @Test
    void aliasBombIsRejectedQuickly() {
        StringBuilder bomb = new StringBuilder("version: 1\n");
        bomb.append("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 12; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        List<String> problems = assertTimeoutPreemptively(HANG_GUARD, () -> files.problems(bomb.toString()));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith(dir.resolve("policy.yaml") + ":8:"), problems.get(0));
        assertTrue(problems.get(0).contains("Number of aliases for non-scalar nodes exceeds the specified max=50"),
                problems.get(0));
    }

    @Test
    void aliasesWithinTheLimitAreBoundByTheSchemaNotExpanded() {
        // Each cluster reuses one anchored block: reading follows the schema, so nothing multiplies.
        StringBuilder yaml = new StringBuilder("version: 1\nrepository: {path: /srv}\nclusters:\n");
        yaml.append("  c0: &c {logical: {format: custom, jobs: 2}, verify: {rowCountTolerance: 0.5}}\n");
        for (int i = 1; i < 40; i++) {
            yaml.append("  c").append(i).append(": *c\n");
        }
        Policy policy = assertTimeoutPreemptively(HANG_GUARD, () -> files.load(yaml.toString()));
        assertEquals(40, policy.clusters().size());
    }

    @Test
    void selfReferentialStructuresDoNotLoop() {
        List<String> problems = assertTimeoutPreemptively(HANG_GUARD, () -> files.problems("""
                version: 1
                repository: {path: /srv}
                clusters: &all
                  main: *all
                  other:
                    logical: &l
                      <<: *l
                """));
        String known = " (known keys: connection, binDir, osUser, logical, verify, retention, timeouts, pgdata, physical, archive, schedule, objectives)";
        assertEquals(List.of(files.located(4, 3, "unknown key clusters.main.main" + known),
                files.located(5, 3, "unknown key clusters.main.other" + known)), problems);
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "version: 1\nrepository: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        List<String> problems = assertTimeoutPreemptively(HANG_GUARD, () -> files.problems(deep));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith(dir.resolve("policy.yaml") + ":2:"), problems.get(0));
        assertTrue(problems.get(0).contains("Nesting Depth exceeded max 32"), problems.get(0));
    }

    @Test
    void hugeFileIsRejectedBeforeParsing() {
        byte[] huge = ("version: 1\n# " + "x".repeat(PolicyYaml.MAX_BYTES) + "\n").getBytes(StandardCharsets.UTF_8);
        Path file = files.write(huge);
        List<String> problems = assertTimeoutPreemptively(HANG_GUARD, () -> new PolicyLoader().problems(file, Map.of()));
        assertEquals(List.of(files.located(1, 1, "the policy file is larger than 1 MiB; a policy is a few kilobytes")),
                problems);
    }

    @Test
    void invalidUtf8IsLocated() {
        byte[] bytes = "version: 1\nrepository:\n  path: /srv/\u00e9X\n".getBytes(StandardCharsets.UTF_8);
        int x = indexOf(bytes, (byte) 'X');
        bytes[x] = (byte) 0xFF;
        files.write(bytes);
        assertEquals(List.of(files.located(3, 15, "the policy file is not valid UTF-8 (byte " + (x + 1)
                + "); save it as UTF-8")), new PolicyLoader().problems(dir.resolve("policy.yaml"), Map.of()));
    }

    @Test
    void controlCharacterIsLocated() {
        files.assertOnlyProblem("version: 1\nrepository:\n  path: /srv/\u0007\n", 3, 14,
                "the policy file contains the control character U+0007, which YAML does not allow");
    }

    @Test
    void byteOrderMarkIsAccepted() {
        Policy policy = files.load("\uFEFFversion: 1\nrepository: {path: /srv}\nclusters: {main: {}}\n");
        assertEquals(1, policy.version());
    }

    @Test
    void objectTagsAreNeverConstructed() {
        List<String> problems = files.problems("""
                version: 1
                repository: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x"]]]]
                clusters: {main: {}}
                """);
        assertEquals(List.of(files.located(2, 13,
                "YAML syntax error: Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager")), problems);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
