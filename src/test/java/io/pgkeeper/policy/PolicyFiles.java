package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes policy text to a file and reads back what the loader says about it. */
final class PolicyFiles {
    private final Path dir;
    private final Map<String, String> env;

    PolicyFiles(Path dir) {
        this(dir, Map.of());
    }

    PolicyFiles(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    Path write(String yaml) {
        return write(yaml.getBytes(StandardCharsets.UTF_8));
    }

    Path write(byte[] bytes) {
        try {
            return Files.write(dir.resolve("policy.yaml"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> problems(String yaml) {
        return new PolicyLoader().problems(write(yaml), env);
    }

    Policy load(String yaml) {
        return new PolicyLoader().load(write(yaml), env);
    }

    /** The one problem the text has, which must be exactly at line:column with this message. */
    void assertOnlyProblem(String yaml, int line, int column, String message) {
        List<String> problems = problems(yaml);
        assertEquals(List.of(located(line, column, message)), problems);
    }

    /** Among possibly several problems, this one at exactly this place. */
    void assertHasProblem(List<String> problems, int line, int column, String message) {
        String expected = located(line, column, message);
        assertTrue(problems.contains(expected), () -> "expected\n  " + expected + "\nin\n  " + String.join("\n  ", problems));
    }

    String located(int line, int column, String message) {
        return dir.resolve("policy.yaml") + ":" + line + ":" + column + ": " + message;
    }
}
