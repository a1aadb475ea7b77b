package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.TestCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A failing pg_dump is logged once: dump runs a schema-only pg_dump beside the main one, and both
 * meet the same error, but only the main one's lines reach the log. The error message still
 * holds them. The error is one only pg_dump meets (pgkeeper names unreadable tables before
 * pg_dump starts): a bad setting given to both pg_dumps through libpq's PGOPTIONS, which the
 * server refuses at connection time, and which pgkeeper's own JDBC connections do not read.
 */
@ExtendWith(ClusterExtension.class)
class ToolErrorLinesIT {
    static TestCluster pg;

    @BeforeAll
    static void start(TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t(id int)");
    }

    @Test
    void eachPgDumpErrorLineIsLoggedOnce(@TempDir Path tmp) {
        Path policy = Policies.write(tmp, tmp.resolve("repo"), Policies.connection(pg.port(), "postgres"), "    logical:\n      globals: none\n");
        Cli.Result r = ChildJvm.run("077", Map.of("PGOPTIONS", "-c work_mem=not-a-size"), "--policy", policy.toString(), "dump",
                "--database", "app");
        assertEquals(1, r.exitCode(), r::toString);
        List<String> logged = r.err().lines().filter(l -> l.contains("[pg_dump] ")).toList();
        assertTrue(logged.stream().anyMatch(l -> l.contains("invalid value for parameter \"work_mem\"")), r::toString);
        Map<String, Long> counts = logged.stream().map(l -> l.substring(l.indexOf("[pg_dump] ")))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        counts.forEach((line, n) -> assertEquals(1L, n, () -> "logged " + n + " times: " + line + "\n" + r));
        assertTrue(r.err().contains("pgkeeper: error: dump of database \"app\" failed: pg_dump exited with 1"), r::toString);
        assertTrue(r.err().contains("  pg_dump: error: connection to server") && r.err().contains("work_mem"), "the error message keeps them: " + r);
    }
}
