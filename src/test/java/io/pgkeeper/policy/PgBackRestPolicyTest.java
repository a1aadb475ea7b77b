package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** physical.pgbackrest: binding, and the rules pgBackRest's retention cannot express. */
class PgBackRestPolicyTest {
    @TempDir
    Path dir;

    PolicyFiles files;

    @BeforeEach
    void setUp() {
        files = new PolicyFiles(dir);
    }

    @Test
    void bindsStanzaAndOptionsInOrder() {
        Policy p = files.load(PolicyValidationTest.main("""
                pgdata: /var/lib/postgresql/15/main
                physical:
                  engine: pgbackrest
                  pgbackrest:
                    stanza: main
                    options:
                      repo1-path: /var/lib/pgbackrest
                      compress-type: lz4
                      process-max: 2
                      start-fast: true
                """));
        PgBackRestPolicy b = p.cluster(Optional.of("main")).physical().pgbackrest().orElseThrow();
        assertEquals("main", b.stanza());
        assertEquals(Optional.empty(), b.config());
        assertEquals(List.of("repo1-path", "compress-type", "process-max", "start-fast"), List.copyOf(b.options().keySet()));
        assertEquals(Map.of("repo1-path", "/var/lib/pgbackrest", "compress-type", "lz4", "process-max", "2", "start-fast", "true"), b.options());
    }

    @Test
    void engineNeedsTheBlock() {
        files.assertOnlyProblem(PolicyValidationTest.main("""
                pgdata: /srv/pg
                physical:
                  engine: pgbackrest
                """), 8, 7, "clusters.main.physical.pgbackrest is required with engine pgbackrest: set at least pgbackrest.stanza,"
                + " and either pgbackrest.config (an existing pgbackrest.conf) or pgbackrest.options");
    }

    @Test
    void stanzaIsRequired() {
        List<String> problems = files.problems(PolicyValidationTest.main("""
                pgdata: /srv/pg
                physical:
                  engine: pgbackrest
                  pgbackrest:
                    options: {repo1-path: /srv/r}
                """));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("clusters.main.physical.pgbackrest.stanza"), problems::toString);
    }

    @Test
    void configAndOptionsExcludeEachOther() {
        files.assertOnlyProblem(PolicyValidationTest.main("""
                pgdata: /srv/pg
                physical:
                  engine: pgbackrest
                  pgbackrest:
                    stanza: main
                    config: /etc/pgbackrest/pgbackrest.conf
                    options: {repo1-path: /srv/r}
                """), 12, 9, "clusters.main.physical.pgbackrest.options and clusters.main.physical.pgbackrest.config are both set;"
                + " use one: config names a pgbackrest.conf pgkeeper uses as it is, options makes pgkeeper write its own");
    }

    @Test
    void optionNamesArePgBackRestNames() {
        files.assertOnlyProblem(PolicyValidationTest.main("""
                pgdata: /srv/pg
                physical:
                  engine: pgbackrest
                  pgbackrest:
                    stanza: main
                    options:
                      Repo1_Path: /srv/r
                """), 12, 11, "clusters.main.physical.pgbackrest.options.Repo1_Path is not a pgBackRest option name (lower-case"
                + " letters, digits and '-', e.g. repo1-path)");
    }

    @Test
    void recoveryWindowIsRejectedWithAnExplanation() {
        List<String> problems = files.problems(PolicyValidationTest.main("""
                pgdata: /srv/pg
                retention:
                  physical:
                    keepFull: 2
                    recoveryWindow: 7d
                physical:
                  engine: pgbackrest
                  pgbackrest:
                    stanza: main
                    options: {repo1-path: /srv/r}
                """));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith(files.located(10, 9, "clusters.main.retention.physical.recoveryWindow cannot be applied by"
                + " pgBackRest's expire")), problems::toString);
    }

    @Test
    void keepFullDisagreeingWithTheOptionIsRejected() {
        files.assertOnlyProblem(PolicyValidationTest.main("""
                pgdata: /srv/pg
                retention:
                  physical:
                    keepFull: 2
                physical:
                  engine: pgbackrest
                  pgbackrest:
                    stanza: main
                    options: {repo1-path: /srv/r, repo1-retention-full: 3}
                """), 9, 19, "clusters.main.retention.physical.keepFull is 2 but clusters.main.physical.pgbackrest.options."
                + "repo1-retention-full is 3; pgkeeper renders keepFull as repo1-retention-full, so set one of them (or make them agree)");
    }

    @Test
    void keepFullAgreeingWithTheOptionIsFine() {
        assertEquals(List.of(), files.problems(PolicyValidationTest.main("""
                pgdata: /srv/pg
                retention:
                  physical:
                    keepFull: 2
                physical:
                  engine: pgbackrest
                  pgbackrest:
                    stanza: main
                    options: {repo1-path: /srv/r, repo1-retention-full: 2}
                """)));
    }

    @Test
    void pgdataIsNeededForPg1Path() {
        List<String> problems = files.problems(PolicyValidationTest.main("""
                physical:
                  engine: pgbackrest
                  pgbackrest:
                    stanza: main
                    options: {repo1-path: /srv/r}
                """));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("set clusters.main.pgdata (pgkeeper renders it as pg1-path)"), problems::toString);
    }
}
