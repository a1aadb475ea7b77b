package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each validation rule, with the exact line and column of the problem it reports. */
class PolicyValidationTest {
    @TempDir
    Path dir;

    PolicyFiles files;

    @BeforeEach
    void setUp() {
        files = new PolicyFiles(dir);
    }

    /** The top of a valid policy; a cluster body added after it starts on line 6, column 5. */
    static String main(String clusterBody) {
        StringBuilder sb = new StringBuilder("""
                version: 1
                repository:
                  path: /srv/backups
                clusters:
                  main:
                """);
        clusterBody.lines().forEach(l -> sb.append("    ").append(l).append('\n'));
        return sb.toString();
    }

    @Test
    void theDesignDocExample_keepLastMustBeAtLeastOne() {
        files.assertOnlyProblem(main("""
                retention:
                  logical:
                    keepLast: 0
                """), 8, 19, "clusters.main.retention.logical.keepLast must be >= 1 (got 0)");
    }

    @Test
    void versionIsRequired() {
        files.assertOnlyProblem("""
                repository:
                  path: /srv/backups
                clusters:
                  main: {}
                """, 1, 1, "version is required");
    }

    @Test
    void versionMustBeOne() {
        files.assertOnlyProblem("""
                version: 3
                repository: {path: /srv/backups}
                clusters: {main: {}}
                """, 1, 10, "version must be 1 (got 3); this pgkeeper reads version 1 policies");
    }

    @Test
    void quotedNumberIsTextNotANumber() {
        files.assertOnlyProblem("""
                version: "1"
                repository: {path: /srv/backups}
                clusters: {main: {}}
                """, 1, 10, "version must be a whole number (got text '1'; remove the quotes)");
    }

    @Test
    void repositoryAndClustersAreRequired() {
        List<String> problems = files.problems("""
                # comment
                version: 1
                """);
        assertEquals(List.of(
                files.located(2, 1, "repository is required"),
                files.located(2, 1, "clusters is required")), problems);
    }

    @Test
    void repositoryPathIsRequired() {
        List<String> problems = files.problems("""
                version: 1
                repository:
                  where: /srv
                clusters: {main: {}}
                """);
        assertEquals(List.of(
                files.located(3, 3, "repository.path is required"),
                files.located(3, 3, "unknown key repository.where (known keys: type, path, stateDir, s3, encryption)")), problems);
        files.assertOnlyProblem("""
                version: 1
                repository:
                clusters: {main: {}}
                """, 2, 12, "repository.path is required");
    }

    @Test
    void tildeIsNotExpandedInPaths() {
        files.assertOnlyProblem("""
                version: 1
                repository:
                  path: ~/backups
                clusters: {main: {}}
                """, 3, 9, "repository.path starts with '~', which pgkeeper does not expand; write the absolute path or use ${HOME}");
    }

    @Test
    void atLeastOneCluster() {
        files.assertOnlyProblem("""
                version: 1
                repository: {path: /srv/backups}
                clusters: {}
                """, 3, 11, "clusters must define at least one cluster");
    }

    @Test
    void clusterNamesAreRestricted() {
        files.assertOnlyProblem("""
                version: 1
                repository: {path: /srv/backups}
                clusters:
                  -main: {}
                """, 4, 3, "cluster name '-main' in clusters must be 1 to 63 letters, digits, '_', '.' or '-',"
                        + " not starting with '.' or '-'");
    }

    @Test
    void portIsANumberInRange() {
        List<String> problems = files.problems(main("""
                connection:
                  port: 70000
                timeouts:
                  connect: 5s
                logical:
                  jobs: many
                """));
        assertEquals(List.of(
                files.located(7, 13, "clusters.main.connection.port must be between 1 and 65535 (got 70000)"),
                files.located(11, 13, "clusters.main.logical.jobs must be a whole number (got text 'many')")), problems);
    }

    @Test
    void passwordKeyIsRejected() {
        files.assertOnlyProblem(main("""
                connection:
                  user: backup
                  password: hunter2
                """), 8, 7, "clusters.main.connection.password is not allowed: secrets never go in the policy;"
                        + " use passfile (a libpq password file) or passwordEnv (the name of an environment variable"
                        + " holding the password)");
    }

    @Test
    void passfileAndPasswordEnvExcludeEachOther() {
        files.assertOnlyProblem(main("""
                connection:
                  passfile: /etc/pgkeeper/main.pgpass
                  passwordEnv: MAIN_PASSWORD
                """), 8, 7, "clusters.main.connection.passwordEnv and clusters.main.connection.passfile are both set;"
                        + " use one of them");
    }

    @Test
    void passwordEnvIsAVariableNameAndIsNotEchoed() {
        List<String> problems = files.problems(main("""
                connection:
                  passwordEnv: s3cret pass!
                """));
        assertEquals(List.of(files.located(7, 20, "clusters.main.connection.passwordEnv must be the name of an"
                + " environment variable such as PGKEEPER_MAIN_PASSWORD, not the password itself (got a value that"
                + " is not a variable name)")), problems);
    }

    @Test
    void hostMustBeAHostOrAnAbsoluteSocketDirectory() {
        files.assertOnlyProblem(main("""
                connection:
                  host: run/postgresql
                """), 7, 13, "clusters.main.connection.host must be a host name, an IP address or an absolute"
                        + " socket directory (got 'run/postgresql')");
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() {
        List<String> problems = files.problems(main("""
                logical:
                  format: tar
                  globals: everything
                  fingerprint: fast
                """));
        assertEquals(List.of(
                files.located(7, 15, "clusters.main.logical.format must be one of: custom, directory (got 'tar')"),
                files.located(8, 16, "clusters.main.logical.globals must be one of: roles, all, none (got 'everything')"),
                files.located(9, 20, "clusters.main.logical.fingerprint must be one of: exact, estimate, off (got 'fast')")),
                problems);
    }

    @Test
    void jobsAndParallelDatabasesAreAtLeastOne() {
        List<String> problems = files.problems(main("""
                logical:
                  jobs: 0
                  parallelDatabases: -1
                """));
        assertEquals(List.of(
                files.located(7, 13, "clusters.main.logical.jobs must be >= 1 (got 0)"),
                files.located(8, 26, "clusters.main.logical.parallelDatabases must be >= 1 (got -1)")), problems);
    }

    @Test
    void compressLevelIsZeroToNine() {
        files.assertOnlyProblem(main("""
                logical:
                  compress: 12
                """), 7, 17, "clusters.main.logical.compress must be between 0 and 9 (got 12)");
    }

    @Test
    void databasePatternsAreNonEmptyStringsAndValidGlobs() {
        List<String> problems = files.problems(main("""
                logical:
                  databases:
                    include: ["app", "", [x]]
                    exclude: ["[abc"]
                """));
        assertEquals(List.of(
                files.located(8, 26, "clusters.main.logical.databases.include[1] must not be empty"),
                files.located(8, 30, "clusters.main.logical.databases.include[2] must be text (got a list)"),
                files.located(9, 18, "clusters.main.logical.databases.exclude has an invalid pattern '[abc'"
                        + " (Missing ']")), problems.stream().map(p -> p.replaceAll(" \\(Missing '].*", " (Missing ']"))
                .toList());
    }

    @Test
    void includeMustNotBeEmpty() {
        files.assertOnlyProblem(main("""
                logical:
                  databases:
                    include: []
                """), 8, 18, "clusters.main.logical.databases.include must list at least one pattern"
                        + " (\"*\" selects every database)");
    }

    @Test
    void rowCountToleranceIsBetweenZeroAndOne() {
        files.assertOnlyProblem(main("""
                verify:
                  rowCountTolerance: 1.5
                """), 7, 26, "clusters.main.verify.rowCountTolerance must be a number from 0 to 1 (got 1.5)");
    }

    @Test
    void checkNeedsNameDatabaseAndSql() {
        List<String> problems = files.problems(main("""
                verify:
                  checks:
                    - name: users
                      expect: "1"
                """));
        assertEquals(List.of(
                files.located(8, 11, "clusters.main.verify.checks[0].database is required"),
                files.located(8, 11, "clusters.main.verify.checks[0].sql is required")), problems);
    }

    @Test
    void checkNamesAreUniqueWithinACluster() {
        files.assertOnlyProblem(main("""
                verify:
                  checks:
                    - {name: users, database: app, sql: SELECT 1, expect: "1"}
                    - {name: users, database: app, sql: SELECT 2, expect: "2"}
                """), 9, 18, "clusters.main.verify.checks[1].name 'users' is already used by"
                        + " clusters.main.verify.checks[0]; check names must be unique");
    }

    @Test
    void checkHasExactlyOneOfExpectAndFresh() {
        List<String> problems = files.problems(main("""
                verify:
                  checks:
                    - name: both
                      database: app
                      sql: SELECT now()
                      expect: "1"
                      fresh: 1h
                    - name: neither
                      database: app
                      sql: SELECT 1
                """));
        assertEquals(List.of(
                files.located(12, 11, "clusters.main.verify.checks[0].expect and clusters.main.verify.checks[0].fresh"
                        + " are both set; a check has exactly one of them"),
                files.located(13, 11, "clusters.main.verify.checks[1] needs expect (a comparison such as '>= 1000',"
                        + " or text) or fresh (a duration such as 24h)")), problems);
    }

    @Test
    void expectStartingWithAnOperatorMustBeAComparison() {
        files.assertOnlyProblem(main("""
                verify:
                  checks:
                    - name: users
                      database: app
                      sql: SELECT count(*) FROM users
                      expect: ">= lots"
                """), 11, 19, "clusters.main.verify.checks[0].expect must be a comparison such as '>= 1000'"
                        + " (=, !=, <, <=, >, >= and a number) or text that does not start with one of those"
                        + " operators (got '>= lots')");
    }

    @Test
    void checkFreshIsADuration() {
        files.assertOnlyProblem(main("""
                verify:
                  checks:
                    - name: recent
                      database: app
                      sql: SELECT max(ts) FROM events
                      fresh: a day
                """), 11, 18, "clusters.main.verify.checks[0].fresh must be a duration such as 30s, 15m, 26h,"
                        + " 7d, 2w or 1h30m (got 'a day')");
    }

    @Test
    void retentionCountsAreNonNegative() {
        List<String> problems = files.problems(main("""
                retention:
                  logical:
                    keepDaily: -1
                    minKeep: 0
                    maxAge: 0
                  physical:
                    keepFull: 0
                    recoveryWindow: week
                  unfinishedGrace: 0s
                """));
        assertEquals(List.of(
                files.located(8, 20, "clusters.main.retention.logical.keepDaily must be >= 0 (got -1)"),
                files.located(9, 18, "clusters.main.retention.logical.minKeep must be >= 1 (got 0)"),
                files.located(10, 17, "clusters.main.retention.logical.maxAge must be longer than 0 (got '0')"),
                files.located(12, 19, "clusters.main.retention.physical.keepFull must be >= 1 (got 0)"),
                files.located(13, 25, "clusters.main.retention.physical.recoveryWindow must be a duration such as"
                        + " 30s, 15m, 26h, 7d, 2w or 1h30m (got 'week')"),
                files.located(14, 24, "clusters.main.retention.unfinishedGrace must be longer than 0 (got '0s')")),
                problems);
    }

    @Test
    void emptyRetentionBlockIsRefusedRatherThanGuessed() {
        files.assertOnlyProblem(main("""
                retention:
                  logical:
                  #  keepLast: 3
                """), 7, 7, "clusters.main.retention.logical is empty; remove it to keep every backup,"
                        + " or set the rules to apply");
    }

    @Test
    void timeoutsArePositiveDurations() {
        List<String> problems = files.problems(main("""
                timeouts:
                  dump: 10 minutes
                  restore: 0
                  verify: 90
                """));
        assertEquals(List.of(
                files.located(7, 13, "clusters.main.timeouts.dump must be a duration such as 30s, 15m, 26h, 7d, 2w"
                        + " or 1h30m (got '10 minutes')"),
                files.located(8, 16, "clusters.main.timeouts.restore must be longer than 0 (got '0')"),
                files.located(9, 15, "clusters.main.timeouts.verify must be a duration such as 30s, 15m, 26h, 7d,"
                        + " 2w or 1h30m (got '90')")), problems);
    }

    @Test
    void unknownKeySuggestsTheClosestKnownKey() {
        files.assertOnlyProblem(main("""
                logical:
                  formt: directory
                """), 7, 7, "unknown key clusters.main.logical.formt (did you mean 'format'?)");
    }

    @Test
    void unknownKeyFarFromAnyKnownKeyListsTheKnownKeys() {
        files.assertOnlyProblem(main("""
                timeouts:
                  backup: 1h
                """), 7, 7, "unknown key clusters.main.timeouts.backup (known keys: dump, restore, verify, connect)");
    }

    @Test
    void unknownTopLevelKeyIsReported() {
        files.assertOnlyProblem("""
                version: 1
                repositry:
                  path: /srv/backups
                repository: {path: /srv/backups}
                clusters: {main: {}}
                """, 2, 1, "unknown key repositry (did you mean 'repository'?)");
    }

    @Test
    void duplicateKeysAreProblems() {
        files.assertOnlyProblem(main("""
                osUser: postgres
                binDir: /usr/bin
                osUser: pg
                """), 8, 5, "duplicate key clusters.main.osUser (first set at line 6)");
    }

    @Test
    void wrongShapesAreProblems() {
        List<String> problems = files.problems(main("""
                connection: [localhost]
                osUser:
                  name: postgres
                binDir:
                """));
        assertEquals(List.of(
                files.located(6, 17, "clusters.main.connection must be a mapping of keys (got a list)"),
                files.located(8, 7, "clusters.main.osUser must be text (got a mapping)"),
                files.located(9, 12, "clusters.main.binDir has no value (give one, or remove the key to use the default)")),
                problems);
    }

    @Test
    void blockOfTheWrongShapeIsReportedOnceNotAsMissingKeys() {
        List<String> problems = files.problems("""
                version: 1
                repository: /srv/backups
                clusters: [main]
                """);
        assertEquals(List.of(
                files.located(2, 13, "repository must be a mapping of keys (got text '/srv/backups')"),
                files.located(3, 11, "clusters must be a mapping of keys (got a list)")), problems);
    }

    @Test
    void osUserMustLookLikeAUserName() {
        files.assertOnlyProblem(main("""
                verify:
                  sandbox:
                    osUser: "post gres"
                """), 8, 17, "clusters.main.verify.sandbox.osUser must be an OS user name (letters, digits, '_',"
                        + " '.', '-'; got 'post gres')");
    }

    @Test
    void customTagsAreRefused() {
        files.assertOnlyProblem(main("""
                connection:
                  user: !env PGUSER
                """), 7, 13, "clusters.main.connection.user has the YAML tag !env, which pgkeeper does not"
                        + " support (use ${VAR} for environment variables)");
    }

    @Test
    void topLevelMustBeAMapping() {
        files.assertOnlyProblem("""
                - version: 1
                """, 1, 1, "the policy must be a mapping of keys such as version, repository and clusters (got a list)");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        List<String> problems = files.problems("""
                version: 1
                repository:
                  path: /srv/backups
                clusters:
                  a:
                    logical: {jobs: 0}
                  b:
                    logical: {formt: custom}
                    timeouts: {dump: soon}
                """);
        assertEquals(3, problems.size(), String.join("\n", problems));
        files.assertHasProblem(problems, 6, 21, "clusters.a.logical.jobs must be >= 1 (got 0)");
        files.assertHasProblem(problems, 8, 15, "unknown key clusters.b.logical.formt (did you mean 'format'?)");
        files.assertHasProblem(problems, 9, 22, "clusters.b.timeouts.dump must be a duration such as 30s, 15m, 26h,"
                + " 7d, 2w or 1h30m (got 'soon')");
    }
}
