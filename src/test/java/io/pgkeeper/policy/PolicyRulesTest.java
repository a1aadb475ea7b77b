package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules the loader takes from the declaration of the keys ({@code *Keys}): defaults, exclusions, spellings. */
class PolicyRulesTest {
    @TempDir
    Path dir;

    PolicyFiles files;

    @BeforeEach
    void setUp() {
        files = new PolicyFiles(dir);
    }

    @Test
    void aClusterWithNothingSetHasTheRecordsDefaults() {
        ClusterPolicy main = files.load(PolicyValidationTest.main("{}")).cluster(Optional.empty());
        assertEquals(LogicalPolicy.defaults(), main.logical());
        assertEquals(VerifyPolicy.defaults(), main.verify());
        assertEquals(RetentionPolicy.defaults(), main.retention());
        assertEquals(TimeoutPolicy.defaults(), main.timeouts());
        assertEquals(PhysicalPolicy.defaults(), main.physical());
        assertEquals(ArchivePolicy.defaults(), main.archive());
        assertEquals("postgres", main.osUser());
        assertEquals(Duration.ofHours(24), main.timeouts().dump());
    }

    @Test
    void keysThatExcludeEachOtherAreReportedAtTheOneWrittenSecond() {
        files.assertOnlyProblem(PolicyValidationTest.main("""
                connection:
                  passwordEnv: MAIN_PASSWORD
                  passfile: /etc/pgkeeper/main.pgpass
                """), 8, 7, "clusters.main.connection.passwordEnv and clusters.main.connection.passfile are both set;"
                        + " use one of them");
    }

    @Test
    void choicesListTheirSpellingsInTheDeclaredOrder() {
        List<String> problems = files.problems(PolicyValidationTest.main("""
                physical:
                  engine: barman
                  checkpoint: slow
                archive:
                  compress: lz4
                """));
        assertEquals(List.of(
                files.located(7, 15, "clusters.main.physical.engine must be one of: pg_basebackup, pgbackrest (got 'barman')"),
                files.located(8, 19, "clusters.main.physical.checkpoint must be one of: fast, spread (got 'slow')"),
                files.located(10, 17, "clusters.main.archive.compress must be one of: none, gzip, zstd (got 'lz4')")), problems);
    }

    @Test
    void aNotifierHasExactlyOneOfCommandAndWebhook() {
        List<String> problems = files.problems("""
                version: 1
                repository: {path: /srv/backups}
                clusters: {main: {}}
                notify:
                  onFailure:
                    - command: ["/usr/local/bin/page"]
                      webhook: https://hooks.example.com/T000
                    - timeoutSeconds: 5
                    - {}
                  onSuccess:
                    - webhook: https://hooks.example.com/T000
                      timeoutSeconds: 0
                """);
        assertEquals(List.of(
                files.located(7, 7, "notify.onFailure[0].command and notify.onFailure[0].webhook are both set;"
                        + " a notifier has exactly one of them"),
                files.located(8, 7, "notify.onFailure[1] must have exactly one of command (a list: program and arguments)"
                        + " and webhook (an http or https URL)"),
                files.located(9, 7, "notify.onFailure[2] must have exactly one of command (a list: program and arguments)"
                        + " and webhook (an http or https URL)"),
                files.located(12, 23, "notify.onSuccess[0].timeoutSeconds must be between 1 and 3600 (got 0)")), problems);
    }

    @Test
    void aNotifierThatIsNotAMappingIsReportedOnce() {
        files.assertOnlyProblem("""
                version: 1
                repository: {path: /srv/backups}
                clusters: {main: {}}
                notify:
                  onRecovery: [page-oncall]
                """, 5, 16, "notify.onRecovery[0] must be a mapping of keys (got text 'page-oncall')");
    }

    @Test
    void basebackupByTypeKnowsTheTypes() {
        List<String> problems = files.problems(PolicyValidationTest.main("""
                schedule:
                  basebackup:
                    full: "0 2 * * 0"
                    diff: "every day"
                    weekly: "0 2 * * 0"
                """));
        assertEquals(List.of(
                files.located(9, 15, "clusters.main.schedule.basebackup.diff: 'every day' is not a valid cron expression: "),
                files.located(10, 9, "unknown key clusters.main.schedule.basebackup.weekly (known keys: full, diff, incr)")),
                problems.stream().map(p -> p.replaceAll("(cron expression: ).*", "$1")).toList());
        SchedulePolicy schedule = files.load(PolicyValidationTest.main("""
                schedule:
                  basebackup: {full: "0 2 * * 0", incr: "0 14 * * *"}
                """)).cluster(Optional.empty()).schedule();
        assertEquals(List.of("basebackup-full", "basebackup-incr"), schedule.entries().stream().map(ScheduleEntry::jobName).toList());
    }
}
