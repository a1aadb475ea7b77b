package io.pgkeeper.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The templated systemd units the package ships (src/package/usr/lib/systemd/system), one
 * service and one timer per scheduled job with the cluster as instance, run what
 * {@code pgkeeper schedule} would render for the same job at the same times, as postgres.
 */
class PackagedUnitsTest {
    static final Path UNITS = Path.of("src/package/usr/lib/systemd/system");
    /** The times of the timers, as the cron expressions docs/operations.md schedules. */
    static final Map<String, String> CRON = Map.of("dump", "0 3 * * *", "basebackup", "0 2 * * 0", "verify", "30 5 * * *", "prune", "0 6 * * *");

    /** key=value lines of a unit file, repeated keys kept in order. */
    static Map<String, List<String>> keys(Path unit) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(unit)) {
            if (!line.startsWith("#") && !line.startsWith("[") && line.contains("=")) {
                out.computeIfAbsent(line.substring(0, line.indexOf('=')), k -> new ArrayList<>()).add(line.substring(line.indexOf('=') + 1));
            }
        }
        return out;
    }

    @Test
    void exactlyOneServiceAndTimerPerJob() throws IOException {
        try (var files = Files.list(UNITS)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            List<String> expected = new ArrayList<>();
            for (String job : List.of("basebackup", "dump", "prune", "verify")) {
                expected.add("pgkeeper-" + job + "@.service");
                expected.add("pgkeeper-" + job + "@.timer");
            }
            assertEquals(expected, names);
        }
    }

    @Test
    void servicesRunAsPostgresWithAnEnvironmentFileAndTheCommandScheduleRenders(@TempDir Path tmp) throws IOException {
        StringBuilder schedule = new StringBuilder();
        CRON.forEach((job, cron) -> schedule.append("      ").append(job).append(": \"").append(cron).append("\"\n"));
        Path policy = Files.writeString(tmp.resolve("pgkeeper.yaml"), "version: 1\nrepository:\n  path: /var/lib/pgkeeper\nclusters:\n"
                + "  main:\n    connection:\n      host: /var/run/postgresql\n    schedule:\n" + schedule);
        ClusterPolicy cluster = new PolicyLoader().load(policy, Map.of()).cluster(Optional.of("main"));
        List<ScheduledJob> jobs = new ScheduleRenderer(Path.of("/etc/pgkeeper/pgkeeper.yaml"), Map.of(LauncherPath.ENV, "/usr/bin/pgkeeper"))
                .jobs(cluster, ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), 1);
        assertEquals(CRON.size(), jobs.size());
        for (ScheduledJob job : jobs) {
            Map<String, List<String>> service = keys(UNITS.resolve("pgkeeper-" + job.job() + "@.service"));
            assertEquals(List.of("oneshot"), service.get("Type"), job.job());
            assertEquals(List.of("postgres"), service.get("User"), job.job());
            assertEquals(List.of("-/etc/pgkeeper/%i.env"), service.get("EnvironmentFile"), job.job());
            // ExecStart with the defaults of its Environment= line, the instance main, no extra arguments
            Map<String, String> env = new LinkedHashMap<>();
            for (String assignment : service.get("Environment").get(0).split(" ")) {
                env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
            }
            List<String> argv = new ArrayList<>();
            for (String word : service.get("ExecStart").get(0).split(" ")) {
                if (word.startsWith("${")) {
                    argv.add(env.get(word.substring(2, word.length() - 1)));
                } else if (!word.startsWith("$")) {
                    argv.add(word.replace("%i", "main"));
                }
            }
            assertEquals(job.argv(), argv, "pgkeeper-" + job.job() + "@.service runs another command than 'pgkeeper schedule' renders");
            String extra = service.get("ExecStart").get(0).replaceAll(".* ", "");
            assertEquals("$PGKEEPER_" + job.job().toUpperCase(java.util.Locale.ROOT) + "_ARGS", extra, "more options come from the environment file");
        }
    }

    @Test
    void timersFireWhenTheDocumentedScheduleDoesAndCatchUpAfterDowntime() throws IOException {
        for (Map.Entry<String, String> e : CRON.entrySet()) {
            Map<String, List<String>> timer = keys(UNITS.resolve("pgkeeper-" + e.getKey() + "@.timer"));
            assertEquals(List.of(OnCalendar.translate(e.getValue()).value().orElseThrow()), timer.get("OnCalendar"), e.getKey());
            assertEquals(List.of("true"), timer.get("Persistent"), e.getKey());
            assertEquals(List.of("timers.target"), timer.get("WantedBy"), e.getKey());
            String doc = String.join(" ", keys(UNITS.resolve("pgkeeper-" + e.getKey() + "@.service")).get("Documentation"));
            assertTrue(doc.contains("man:pgkeeper-" + e.getKey() + "(1)"), doc);
        }
    }
}
