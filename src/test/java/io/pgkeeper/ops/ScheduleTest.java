package io.pgkeeper.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.policy.CronExpressions;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule renders to crontab lines that parse back, and bad cron expressions are policy errors with a position. */
class ScheduleTest {
    static final String POLICY = """
            version: 1
            repository:
              path: /var/lib/pgkeeper
            clusters:
              main:
                connection:
                  host: 127.0.0.1
                archive:
                  launcher: /usr/local/bin/pgkeeper
                schedule:
                  dump: "0 3 * * *"
                  basebackup: { full: "0 2 * * 0", diff: "0 2 * * 1-6" }
                  verify: "30 5 * * *"
                  prune: "*/30 * * * *"
            """;

    @Test
    void crontabLinesParseBackWithTheirCommands(@TempDir Path tmp) throws Exception {
        Path policy = Files.writeString(tmp.resolve("pgkeeper.yaml"), POLICY);
        Cli.Result r = Cli.run("--policy", policy.toString(), "schedule");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.out().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertEquals(5, lines.size(), r::toString);
        for (String line : lines) {
            String[] parts = line.split("\\s+");
            String cron = String.join(" ", Arrays.copyOfRange(parts, 0, 5));
            Cron parsed = CronExpressions.parse(cron);
            assertTrue(ExecutionTime.forCron(parsed).nextExecution(ZonedDateTime.now()).isPresent(), line);
            List<String> argv = Arrays.asList(Arrays.copyOfRange(parts, 5, parts.length));
            assertEquals(List.of("/usr/local/bin/pgkeeper", "--policy", policy.toAbsolutePath().toString(), "--cluster", "main", "--quiet"),
                    argv.subList(0, 6), line);
        }
        assertTrue(lines.get(0).startsWith("0 3 * * * "), lines.get(0));
        assertTrue(lines.get(0).endsWith(" dump --lock-wait 6h"), lines.get(0));
        assertTrue(lines.get(1).contains(" basebackup --type full --lock-wait 6h"), lines.get(1));
        assertTrue(lines.get(3).endsWith(" verify"), "verify takes no lock: " + lines.get(3));
        assertTrue(lines.get(4).startsWith("*/30 * * * * ") && lines.get(4).endsWith(" prune --lock-wait 29m"), lines.get(4));
    }

    @Test
    void systemdUnitsTranslateCronToOnCalendar(@TempDir Path tmp) throws Exception {
        Path policy = Files.writeString(tmp.resolve("pgkeeper.yaml"), POLICY);
        Cli.Result r = Cli.run("--policy", policy.toString(), "schedule", "--format", "systemd");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("# file: pgkeeper-main-dump.timer\n"), r::toString);
        assertTrue(r.out().contains("OnCalendar=*-*-* 03:00:00\n"), r::toString);
        assertTrue(r.out().contains("OnCalendar=Mon..Sat *-*-* 02:00:00\n"), r::toString);
        assertTrue(r.out().contains("OnCalendar=Sun *-*-* 02:00:00\n"), r::toString);
        assertTrue(r.out().contains("OnCalendar=*-*-* *:00,30:00\n"), r::toString);
        assertTrue(r.out().contains("ExecStart=/usr/local/bin/pgkeeper --policy "), r::toString);
    }

    @Test
    void onCalendarRefusesWhatItCannotSayExactly() {
        assertEquals(Optional.of("Mon,Wed,Fri *-01,07-01 04:15:00"), OnCalendar.translate("15 4 1 1,7 mon,wed,fri").value().isPresent()
                ? Optional.empty() : Optional.of("Mon,Wed,Fri *-01,07-01 04:15:00"), "day-of-month and day-of-week together do not translate");
        assertTrue(OnCalendar.translate("15 4 1 1,7 mon,wed,fri").reason().contains("either matches"));
        assertEquals(Optional.of("*-01,07-01 04:15:00"), OnCalendar.translate("15 4 1 jan,jul *").value());
        assertEquals(Optional.of("*-*-* 00..05/1:00:00").isPresent(), true);
        assertEquals(Optional.of("*-*-* 00..05:00:00"), OnCalendar.translate("0 0-5 * * *").value());
        assertEquals(Optional.of("Sun *-*-* 00:00:00"), OnCalendar.translate("0 0 * * 7").value());
    }

    @Test
    void nextRunTimesComeFromTheCronExpression(@TempDir Path tmp) throws Exception {
        Path policy = Files.writeString(tmp.resolve("pgkeeper.yaml"), POLICY);
        Cli.Result r = Cli.run("--policy", policy.toString(), "--json", "schedule", "--next", "3");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode doc = Json.mapper().readTree(r.out());
        JsonNode dump = doc.get("jobs").get(0);
        assertEquals("dump", dump.get("job").asText());
        assertEquals(3, dump.get("next").size());
        for (JsonNode t : dump.get("next")) {
            ZonedDateTime at = ZonedDateTime.parse(t.asText()).withZoneSameInstant(ZoneOffset.systemDefault());
            assertEquals(3, at.getHour(), t.asText());
            assertEquals(0, at.getMinute(), t.asText());
        }
    }

    @Test
    void aBadCronExpressionIsReportedWithLineAndColumn(@TempDir Path tmp) throws Exception {
        Path policy = Files.writeString(tmp.resolve("pgkeeper.yaml"), POLICY.replace("\"30 5 * * *\"", "\"61 5 * * *\""));
        Cli.Result r = Cli.run("--policy", policy.toString(), "policy", "validate");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains(policy + ":13:15: clusters.main.schedule.verify: '61 5 * * *' is not a valid cron expression"), r::toString);
    }

    @Test
    void systemdOutputWritesOneFilePerUnitWithUserAndTheCredentialsFile(@TempDir Path tmp) throws Exception {
        String policyText = POLICY.replace("/usr/local/bin/pgkeeper", "/bin/true")
                .replace("      host: 127.0.0.1\n", "      host: 127.0.0.1\n      passwordEnv: PGKEEPER_MAIN_PASSWORD\n");
        Path policy = Files.writeString(tmp.resolve("pgkeeper.yaml"), policyText);
        Path units = tmp.resolve("units");
        Cli.Result r = Cli.run("--policy", policy.toString(), "schedule", "--format", "systemd", "--output", units.toString());
        assertEquals(0, r.exitCode(), r::toString);
        List<String> names;
        try (var s = Files.list(units)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("pgkeeper-main-basebackup-diff.service", "pgkeeper-main-basebackup-diff.timer", "pgkeeper-main-basebackup-full.service",
                "pgkeeper-main-basebackup-full.timer", "pgkeeper-main-dump.service", "pgkeeper-main-dump.timer", "pgkeeper-main-prune.service",
                "pgkeeper-main-prune.timer", "pgkeeper-main-verify.service", "pgkeeper-main-verify.timer"), names);
        String dump = Files.readString(units.resolve("pgkeeper-main-dump.service"));
        assertTrue(dump.contains("\nUser=postgres\n"), dump);
        assertTrue(dump.contains("\nEnvironmentFile=/etc/pgkeeper/main.env\n"), dump);
        assertTrue(dump.contains("PGKEEPER_MAIN_PASSWORD=<the password>"), "says what the file holds: " + dump);
        assertTrue(dump.contains("\nExecStart=/bin/true --policy " + policy.toAbsolutePath() + " --cluster main --quiet dump --lock-wait 6h\n"), dump);
        assertTrue(Files.readString(units.resolve("pgkeeper-main-dump.timer")).contains("\nOnCalendar=*-*-* 03:00:00\n"));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(units.resolve("pgkeeper-main-dump.service"))));
        assertTrue(r.out().contains("wrote " + units.resolve("pgkeeper-main-dump.timer")), r::toString);
        assertTrue(r.out().contains("systemctl enable --now pgkeeper-main-dump.timer"), r::toString);

        Cli.Result root = Cli.run("--policy", policy.toString(), "schedule", "--format", "systemd", "--user", "root", "--output", units.toString());
        assertEquals(0, root.exitCode(), root::toString);
        assertTrue(Files.readString(units.resolve("pgkeeper-main-verify.service")).contains("\nUser=root\n"));

        Path analyze = Path.of("/usr/bin/systemd-analyze");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed: units not verified by systemd");
        List<String> argv = new java.util.ArrayList<>(List.of(analyze.toString(), "verify"));
        names.forEach(n -> argv.add(units.resolve(n).toString()));
        Process verify = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String said = new String(verify.getInputStream().readAllBytes());
        assertEquals(0, verify.waitFor(), "systemd-analyze verify: " + said);
    }

    @Test
    void outputIsForSystemdOnly(@TempDir Path tmp) throws Exception {
        Path policy = Files.writeString(tmp.resolve("pgkeeper.yaml"), POLICY);
        Cli.Result r = Cli.run("--policy", policy.toString(), "schedule", "--output", tmp.resolve("units").toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--output and --user go with --format systemd"), r::toString);
    }
}
