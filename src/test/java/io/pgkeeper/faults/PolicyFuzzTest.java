package io.pgkeeper.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.PolicyException;
import io.pgkeeper.policy.PolicyLoader;
import io.pgkeeper.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Scenario 7: the policy loader under a few thousand hostile documents, random and mutated from
 * the shipped example. Each one loads or is rejected with exit 2 and FILE:LINE:COLUMN problems:
 * never another exception, never a hang. A sample also goes through {@code policy validate}.
 */
class PolicyFuzzTest {
    /** Keys and scalars from the policy, so random documents reach deep into the binders. */
    private static final List<String> WORDS = List.of("version", "repository", "path", "clusters", "main", "connection", "host", "port",
            "user", "passwordEnv", "passfile", "logical", "format", "jobs", "globals", "retention", "keepLast", "keepDaily", "maxAge",
            "unfinishedGrace", "verify", "checks", "sandbox", "osUser", "physical", "archive", "compress", "timeouts", "1", "0", "-1",
            "99999999999999999999", "1d", "30s", "custom", "directory", "gzip:6", "zstd", "${X}", "${X:-/tmp}", "$$", "~", "null", "[]",
            "{}", "&a", "*a", "!!binary", "!!python/object", "'", "\"", "|", "- ", "? ", ": ", "#", "\t", "\n", "\n  ", "\n    ", "<<", "\u0000",
            "\u00e9", "\ud83d\ude00", "---", "...");
    private static final Pattern LOCATED = Pattern.compile("^.+:\\d+:\\d+: .+", Pattern.DOTALL);

    private static Path dir;
    private static String example;
    private static final AtomicInteger N = new AtomicInteger();

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("pgkeeper-fuzz-");
        example = Files.readString(Path.of("config/pgkeeper.example.yaml"));
    }

    @AfterContainer
    static void tearDown() {
        io.pgkeeper.testing.Launcher.deleteQuietly(dir);
    }

    @Property(tries = 1500)
    void randomDocumentsLoadOrFailWithLocatedProblems(@ForAll("randomDocuments") String yaml) {
        assertLoadsOrLocated(yaml);
    }

    @Property(tries = 1500)
    void mutatedExamplesLoadOrFailWithLocatedProblems(@ForAll("mutatedExamples") String yaml) {
        assertLoadsOrLocated(yaml);
    }

    @Property(tries = 40)
    void theCliSaysTheSame(@ForAll("mutatedExamples") String yaml) {
        Path file = write(yaml);
        Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("policy", "validate", "--policy", file.toString()));
        assertTrue(r.exitCode() == 0 || r.exitCode() == 2, r::toString);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
        if (r.exitCode() == 2) {
            r.err().lines().filter(l -> !l.isBlank() && !l.startsWith(" ") && !l.startsWith("hint:"))
                    .forEach(l -> assertTrue(l.startsWith(file + ":"), () -> "unlocated: " + l + "\n" + r));
        }
    }

    @Provide
    Arbitrary<String> randomDocuments() {
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of(WORDS), Arbitraries.strings().ofMaxLength(8));
        return token.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> mutatedExamples() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        // \u0001 separates an edit's parts below, so a generated text must not hold it
        Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of(WORDS), Arbitraries.strings().ofMaxLength(4).filter(t -> t.indexOf('\u0001') < 0));
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
        Arbitrary<String> one = Combinators.combine(at, insert, kind).as((pos, text, k) -> text + "\u0001" + pos + "\u0001" + k);
        return one.list().ofMinSize(1).ofMaxSize(6).map(PolicyFuzzTest::mutate);
    }

    /** Applies each edit (insert, delete a span, replace a line, duplicate a line) to the example. */
    private static String mutate(List<String> edits) {
        StringBuilder s = new StringBuilder(example);
        for (String e : edits) {
            String[] parts = e.split("\u0001", -1);
            String text = parts[0];
            int pos = (int) (Long.parseLong(parts[1]) % (s.length() + 1));
            switch (Integer.parseInt(parts[2])) {
                case 0 -> s.insert(pos, text);
                case 1 -> s.delete(pos, Math.min(s.length(), pos + 1 + text.length() * 3));
                case 2 -> {
                    int start = s.lastIndexOf("\n", pos - 1) + 1;
                    int end = s.indexOf("\n", pos);
                    s.replace(start, end < 0 ? s.length() : end, text);
                }
                default -> {
                    int start = s.lastIndexOf("\n", pos - 1) + 1;
                    int end = s.indexOf("\n", pos);
                    String line = s.substring(start, end < 0 ? s.length() : end);
                    s.insert(start, line + "\n");
                }
            }
        }
        return s.toString();
    }

    private static void assertLoadsOrLocated(String yaml) {
        Path file = write(yaml);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                new PolicyLoader().load(file, Map.of("X", "/tmp"));
            } catch (PolicyException e) {
                assertEquals(2, e.exitCode().code());
                assertFalse(e.problems().isEmpty());
                for (String p : e.problems()) {
                    assertTrue(p.startsWith(file + ":") && LOCATED.matcher(p).matches(), () -> "not FILE:LINE:COLUMN: " + p);
                }
            }
        }, () -> "hung on:\n" + yaml);
    }

    private static Path write(String yaml) {
        try {
            return Files.write(dir.resolve("p" + N.incrementAndGet() % 50 + ".yaml"), yaml.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
