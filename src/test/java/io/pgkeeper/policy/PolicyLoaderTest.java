package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.PolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
    @TempDir
    Path dir;

    static final String FULL = """
            version: 1
            repository:
              path: /var/lib/pgkeeper
            clusters:
              main:
                connection:
                  host: 127.0.0.1
                  port: 5433
                  user: backup
                  dbname: maintenance
                  passwordEnv: PGKEEPER_MAIN_PASSWORD
                binDir: /usr/lib/postgresql/15/bin
                osUser: pg
                logical:
                  databases:
                    include: ["app*", "billing"]
                    exclude: [app_test]
                  format: directory
                  jobs: 4
                  compress: "zstd:3"
                  globals: all
                  parallelDatabases: 2
                  fingerprint: exact
                verify:
                  sandbox:
                    osUser: sandbox
                    baseDir: /var/tmp/pgkeeper
                  rowCountTolerance: 0.25
                  checks:
                    - name: users are present
                      database: app
                      sql: SELECT count(*) FROM users
                      expect: ">= 1000"
                    - name: orders are recent
                      database: app
                      sql: SELECT max(created_at) FROM orders
                      fresh: 26h
                    - name: answer
                      database: app
                      sql: SELECT 42
                      expect: 42
                retention:
                  logical:
                    keepLast: 3
                    keepDaily: 7
                    keepWeekly: 4
                    keepMonthly: 6
                    keepYearly: 2
                    maxAge: 400d
                    minKeep: 2
                  physical:
                    keepFull: 2
                    recoveryWindow: 7d
                    minKeep: 3
                  unfinishedGrace: 2d
                timeouts:
                  dump: 20h
                  restore: 1h30m
                  verify: 12h
                  connect: 15s
              reports:
                connection:
                  host: /var/run/postgresql
                  passfile: /etc/pgkeeper/reports.pgpass
            """;

    @Test
    void fullPolicyBindsEveryKey() {
        Path file = new PolicyFiles(dir).write(FULL);
        Policy policy = new PolicyLoader().load(file, Map.of());

        assertEquals(file, policy.source());
        assertEquals(1, policy.version());
        assertEquals(Path.of("/var/lib/pgkeeper"), policy.repository().path());
        assertEquals(2, policy.clusters().size());

        ClusterPolicy main = policy.cluster(Optional.of("main"));
        assertEquals("main", main.name());
        assertEquals(new ConnectionPolicy(Optional.of("127.0.0.1"), Optional.of(5433), Optional.of("backup"),
                Optional.of("maintenance"), Optional.empty(), Optional.of("PGKEEPER_MAIN_PASSWORD")), main.connection());
        assertEquals(Optional.of(Path.of("/usr/lib/postgresql/15/bin")), main.binDir());
        assertEquals("pg", main.osUser());
        assertEquals(new LogicalPolicy(new DatabaseSelection(List.of("app*", "billing"), List.of("app_test")),
                DumpFormat.DIRECTORY, 4, Optional.of("zstd:3"), GlobalsMode.ALL, 2, FingerprintMode.EXACT), main.logical());
        assertEquals(new SandboxPolicy("sandbox", Optional.of(Path.of("/var/tmp/pgkeeper"))), main.verify().sandbox());
        assertEquals(0.25, main.verify().rowCountTolerance());
        assertEquals(List.of(
                new CheckPolicy("users are present", "app", "SELECT count(*) FROM users", Optional.of(">= 1000"), Optional.empty()),
                new CheckPolicy("orders are recent", "app", "SELECT max(created_at) FROM orders", Optional.empty(),
                        Optional.of(Duration.ofHours(26))),
                new CheckPolicy("answer", "app", "SELECT 42", Optional.of("42"), Optional.empty())),
                main.verify().checks());
        assertEquals(new RetentionPolicy(
                Optional.of(new LogicalRetention(3, 7, 4, 6, 2, Optional.of(Duration.ofDays(400)), 2)),
                Optional.of(new PhysicalRetention(2, Optional.of(Duration.ofDays(7)), 3)),
                Duration.ofDays(2)), main.retention());
        assertEquals(new TimeoutPolicy(Duration.ofHours(20), Duration.ofMinutes(90), Duration.ofHours(12),
                Duration.ofSeconds(15)), main.timeouts());

        ClusterPolicy reports = policy.cluster(Optional.of("reports"));
        assertEquals(Optional.of("/var/run/postgresql"), reports.connection().host());
        assertEquals(Optional.of(Path.of("/etc/pgkeeper/reports.pgpass")), reports.connection().passfile());
        assertEquals(Optional.empty(), reports.connection().port());
    }

    @Test
    void minimalPolicyTakesTheDocumentedDefaults() {
        Policy policy = new PolicyFiles(dir).load("""
                version: 1
                repository:
                  path: /srv/backups
                clusters:
                  main:
                """);
        ClusterPolicy main = policy.cluster(Optional.empty());
        assertEquals("main", main.name());
        assertEquals(ConnectionPolicy.fromEnvironment(), main.connection());
        assertEquals(Optional.empty(), main.binDir());
        assertEquals("postgres", main.osUser());
        assertEquals(LogicalPolicy.defaults(), main.logical());
        assertEquals(new DatabaseSelection(List.of("*"), List.of("template0", "template1")), main.logical().databases());
        assertEquals(VerifyPolicy.defaults(), main.verify());
        assertEquals(RetentionPolicy.defaults(), main.retention());
        assertEquals(Duration.ofDays(1), main.retention().unfinishedGrace());
        assertEquals(TimeoutPolicy.defaults(), main.timeouts());
    }

    @Test
    void retentionBlockTakesDefaultsForKeysItLeavesOut() {
        Policy policy = new PolicyFiles(dir).load("""
                version: 1
                repository: {path: /srv/backups}
                clusters:
                  main:
                    retention:
                      logical: {keepDaily: 7}
                      physical: {recoveryWindow: 3d}
                """);
        RetentionPolicy retention = policy.cluster(Optional.empty()).retention();
        assertEquals(Optional.of(new LogicalRetention(1, 7, 0, 0, 0, Optional.empty(), 1)), retention.logical());
        assertEquals(Optional.of(new PhysicalRetention(1, Optional.of(Duration.ofDays(3)), 1)), retention.physical());
    }

    @Test
    void relativePathsAreResolvedAgainstThePolicyFilesDirectory() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("etc"));
        Policy policy = new PolicyFiles(sub).load("""
                version: 1
                repository:
                  path: ../backups
                clusters:
                  main:
                    connection:
                      passfile: main.pgpass
                """);
        assertEquals(dir.toAbsolutePath().normalize().resolve("backups"), policy.repository().path());
        assertTrue(policy.repository().path().isAbsolute());
        assertEquals(Optional.of(sub.toAbsolutePath().normalize().resolve("main.pgpass")),
                policy.cluster(Optional.empty()).connection().passfile());
    }

    @Test
    void yamlQuirksDoNotLeakIntoValues() {
        // 'off' is a YAML 1.1 boolean and 010 an octal number; pgkeeper reads what was written.
        Policy policy = new PolicyFiles(dir).load("""
                version: 1
                repository: {path: /srv/backups}
                clusters:
                  010:
                    logical:
                      fingerprint: off
                      jobs: 010
                      compress: 6
                """);
        ClusterPolicy c = policy.cluster(Optional.of("010"));
        assertEquals(FingerprintMode.OFF, c.logical().fingerprint());
        assertEquals(10, c.logical().jobs());
        assertEquals(Optional.of("6"), c.logical().compress());
    }

    @Test
    void mergeKeysShareSettingsBetweenClustersAndLocalKeysWin() {
        Policy policy = new PolicyFiles(dir).load("""
                version: 1
                repository: {path: /srv/backups}
                clusters:
                  main:
                    logical: &shared
                      format: directory
                      jobs: 4
                  replica:
                    logical:
                      <<: *shared
                      jobs: 2
                """);
        LogicalPolicy replica = policy.cluster(Optional.of("replica")).logical();
        assertEquals(DumpFormat.DIRECTORY, replica.format());
        assertEquals(2, replica.jobs());
        assertEquals(4, policy.cluster(Optional.of("main")).logical().jobs());
    }

    @Test
    void loadThrowsPolicyExceptionWithEveryProblem() {
        PolicyFiles files = new PolicyFiles(dir);
        Path file = files.write("""
                version: 2
                repository:
                  path: /srv/backups
                clusters:
                  main:
                    logical:
                      jobs: 0
                """);
        PolicyException e = assertThrows(PolicyException.class, () -> new PolicyLoader().load(file, Map.of()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(List.of(
                files.located(1, 10, "version must be 1 (got 2); this pgkeeper reads version 1 policies"),
                files.located(7, 13, "clusters.main.logical.jobs must be >= 1 (got 0)")), e.problems());
        assertTrue(e.getMessage().contains("clusters.main.logical.jobs must be >= 1"));
        assertEquals(e.problems(), new PolicyLoader().problems(file, Map.of()));
    }

    @Test
    void validPolicyHasNoProblems() {
        assertEquals(List.of(), new PolicyFiles(dir).problems(FULL));
    }

    @Test
    void missingFileIsAUsageErrorNamingThePathAndTheReason() {
        Path missing = dir.resolve("nope.yaml");
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> new PolicyLoader().load(missing, Map.of()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("cannot read policy file " + missing + ": no such file", e.getMessage());
        assertTrue(e.hint().isPresent());
    }

    @Test
    void directoryIsAUsageErrorWithTheOsReason() {
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> new PolicyLoader().problems(dir, Map.of()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot read policy file " + dir + ": "), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("directory"), e.getMessage());
    }
}
