package io.pgkeeper.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DryRunProcessRunnerTest {
    @Test
    void printsRedactedQuotedArgvAndRunsNothing() {
        StringWriter sw = new StringWriter();
        RecordingProcessRunner real = new RecordingProcessRunner();
        DryRunProcessRunner runner = new DryRunProcessRunner(new PrintWriter(sw), real);
        ToolCall call = ToolCall.of("pg_dump", List.of("/bin/false", "--dbname=host=h password=hunter2", "my db"),
                Map.of("PGPASSWORD", "hunter2"), Duration.ofSeconds(5)).runningAs(Optional.of("postgres"));
        ToolResult r = runner.run(call);
        assertTrue(r.ok(), "a dry run reports success without running /bin/false");
        assertFalse(runner.executes());
        assertEquals("would run: /bin/false '--dbname=host=h password=******' 'my db'   (as postgres)\n",
                sw.toString().replace(System.lineSeparator(), "\n"));
        assertFalse(sw.toString().contains("hunter2"));
        assertEquals(List.of(), real.calls());
    }

    /** Reads that a dry run's plan needs (version probes, pgbackrest info) go to the real runner; the runner itself runs nothing. */
    @Test
    void readsGoToTheRealRunner() {
        RecordingProcessRunner real = new RecordingProcessRunner();
        DryRunProcessRunner runner = new DryRunProcessRunner(new PrintWriter(new StringWriter()), real);
        ToolCall info = ToolCall.of("pgbackrest", List.of("/usr/bin/pgbackrest", "info", "--output=json"), Map.of(), Duration.ofSeconds(1));
        runner.forReads().run(info);
        assertEquals(List.of(info), real.calls());
        assertTrue(runner.forReads().executes());
        assertEquals(real, real.forReads());
    }

    @Test
    void recordingRunnerRemembersCallsAndAnswers() {
        RecordingProcessRunner rec = new RecordingProcessRunner(c -> new ToolResult(c.tool(), 3, false, "out", List.of("boom"), Duration.ZERO));
        ToolCall call = ToolCall.of("pg_restore", List.of("/x/pg_restore", "--exit-on-error"), Map.of(), Duration.ofSeconds(1));
        ToolResult r = rec.run(call);
        assertEquals(3, r.exitCode());
        assertEquals(List.of(call), rec.calls());
        assertTrue(rec.executes());
    }
}
