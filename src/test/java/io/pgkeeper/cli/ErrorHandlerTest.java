package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.LockHeldException;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.PolicyException;
import io.pgkeeper.error.ToolFailedException;
import io.pgkeeper.util.Json;
import io.pgkeeper.util.OsIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The one mapping from exceptions to exit codes and messages, as a table: what each kind of
 * failure exits with, what a person reads on stderr, and the error object of the --json document.
 */
class ErrorHandlerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    /** One row: the exception a command throws, its exit code, its stderr lines and its JSON error object. */
    record Row(String name, Exception thrown, int exitCode, List<String> stderr, String errorJson) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> table() {
        return Stream.of(
                new Row("a usage error", PgKeeperException.usage("unknown cluster 'x'", "pass --cluster main"), 2,
                        List.of("pgkeeper: error: unknown cluster 'x'", "hint: pass --cluster main"),
                        "{\"message\":\"unknown cluster 'x'\",\"hint\":\"pass --cluster main\"}"),
                new Row("an operation that failed", PgKeeperException.failed("cannot connect", null), 1,
                        List.of("pgkeeper: error: cannot connect"), "{\"message\":\"cannot connect\"}"),
                new Row("a backup proven bad", PgKeeperException.verification("sha256 mismatch", "take a new backup"), 3,
                        List.of("pgkeeper: error: sha256 mismatch", "hint: take a new backup"),
                        "{\"message\":\"sha256 mismatch\",\"hint\":\"take a new backup\"}"),
                new Row("a lock held", new LockHeldException("cluster main is locked by pid 42", "wait, or pass --lock-wait"), 4,
                        List.of("pgkeeper: error: cluster main is locked by pid 42", "hint: wait, or pass --lock-wait"),
                        "{\"message\":\"cluster main is locked by pid 42\",\"hint\":\"wait, or pass --lock-wait\"}"),
                new Row("archive get's fatal failure", new PgKeeperException(ExitCode.RECOVERY_MUST_STOP, "corrupt WAL file", "restore it"), 126,
                        List.of("pgkeeper: error: corrupt WAL file", "hint: restore it"),
                        "{\"message\":\"corrupt WAL file\",\"hint\":\"restore it\"}"),
                new Row("an invalid policy: each problem on its own line", new PolicyException(List.of(
                        "policy.yaml:14:5: retention.keepLast must be >= 1 (got 0)", "policy.yaml:20:3: unknown key 'retension'")), 2,
                        List.of("policy.yaml:14:5: retention.keepLast must be >= 1 (got 0)", "policy.yaml:20:3: unknown key 'retension'",
                                "hint: fix the policy and check it with 'pgkeeper policy validate'"),
                        "{\"message\":\"policy.yaml:14:5: retention.keepLast must be >= 1 (got 0)\\npolicy.yaml:20:3: unknown key 'retension'\","
                                + "\"hint\":\"fix the policy and check it with 'pgkeeper policy validate'\","
                                + "\"problems\":[\"policy.yaml:14:5: retention.keepLast must be >= 1 (got 0)\",\"policy.yaml:20:3: unknown key 'retension'\"]}"),
                new Row("a tool that failed: its exit code and stderr tail", new ToolFailedException("pg_dump failed on db1", "read its stderr",
                        "pg_dump", 1, List.of("pg_dump: error: permission denied for table t")), 1,
                        List.of("pgkeeper: error: pg_dump failed on db1", "hint: read its stderr"),
                        "{\"message\":\"pg_dump failed on db1\",\"hint\":\"read its stderr\",\"tool\":\"pg_dump\",\"toolExitCode\":1,"
                                + "\"stderrTail\":[\"pg_dump: error: permission denied for table t\"]}"),
                new Row("a full disk: said so, with the fix", new UncheckedIOException(new FileSystemException("/r/x: No space left on device")), 1,
                        List.of("pgkeeper: error: disk full: FileSystemException /r/x: No space left on device",
                                "hint: free space on the filesystem named above"),
                        "{\"message\":\"disk full: FileSystemException /r/x: No space left on device\","
                                + "\"hint\":\"free space on the filesystem named above\"}"),
                new Row("another I/O error", new UncheckedIOException(new IOException("Input/output error")), 1,
                        List.of("pgkeeper: error: I/O error: IOException Input/output error"),
                        "{\"message\":\"I/O error: IOException Input/output error\"}"),
                new Row("a bug: unexpected, never a stack trace without --verbose", new IllegalStateException("boom"), 1,
                        List.of("pgkeeper: error: unexpected error: java.lang.IllegalStateException: boom",
                                "hint: rerun with --verbose and report it"),
                        "{\"message\":\"unexpected error: java.lang.IllegalStateException: boom\",\"hint\":\"rerun with --verbose and report it\"}"))
                .map(Arguments::of);
    }

    private record Handled(int exitCode, String out, String err) {}

    /** The handler as picocli calls it, for {@code pgkeeper <args> status} failing with {@code thrown}. */
    private static Handled handle(Exception thrown, String... globals) {
        CommandLine root = PgKeeperCommand.commandLine(new CliContext.Host(Map.of(), OsIdentity.current(), CLOCK, false));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));
        String[] args = Stream.concat(Stream.of(globals), Stream.of("status")).toArray(String[]::new);
        CommandLine.ParseResult parsed = root.parseArgs(args);
        CommandLine status = parsed.subcommand().commandSpec().commandLine();
        int code = new ErrorHandler().handleExecutionException(thrown, status, parsed);
        return new Handled(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachFailureHasItsExitCodeAndItsMessageForPeople(Row row) {
        Handled h = handle(row.thrown());
        assertEquals(row.exitCode(), h.exitCode());
        List<String> lines = h.err().lines().toList();
        assertEquals(row.stderr(), lines);
        assertEquals("", h.out(), "without --json stdout stays empty");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void withJsonTheDocumentCarriesTheSameFailure(Row row) throws Exception {
        Handled h = handle(row.thrown(), "--json");
        assertEquals(row.exitCode(), h.exitCode());
        JsonNode doc = Json.mapper().readTree(h.out());
        assertEquals(List.of("command", "ok", "startedAt", "durationMs", "exitCode", "error"), fieldNames(doc));
        assertEquals("status", doc.get("command").asText());
        assertFalse(doc.get("ok").asBoolean());
        assertEquals(row.exitCode(), doc.get("exitCode").asInt());
        assertEquals("2026-01-02T03:04:05Z", doc.get("startedAt").asText());
        assertEquals(0, doc.get("durationMs").asLong());
        assertEquals(Json.mapper().readTree(row.errorJson()), doc.get("error"));
        assertEquals(row.stderr().get(0), h.err().lines().findFirst().orElse(""), "people still read the error on stderr");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void aStackTraceOnlyWithVerbose(Row row) {
        assertFalse(handle(row.thrown()).err().contains("\tat "), "no stack trace without --verbose");
        String verbose = handle(row.thrown(), "--verbose").err();
        assertTrue(verbose.contains("\tat "), verbose);
        assertTrue(verbose.contains(row.thrown().getClass().getName()), verbose);
    }

    private static List<String> fieldNames(JsonNode doc) {
        List<String> names = new java.util.ArrayList<>();
        doc.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
