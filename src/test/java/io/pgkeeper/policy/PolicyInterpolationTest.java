package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ${VAR} and ${VAR:-default} in policy values, resolved from the environment the caller passes. */
class PolicyInterpolationTest {
    @TempDir
    Path dir;

    static final String POLICY = """
            version: 1
            repository:
              path: ${BACKUP_ROOT}/pgkeeper
            clusters:
              main:
                connection:
                  host: ${PGHOST:-localhost}
                  port: ${PGPORT:-5432}
                  user: ${PGUSER:-postgres}
                verify:
                  checks:
                    - name: costs $$5
                      database: app
                      sql: SELECT '$$'
                      expect: $$$$
            """;

    @Test
    void variablesDefaultsAndEscapesAreExpanded() {
        Policy policy = new PolicyFiles(dir, Map.of("BACKUP_ROOT", "/srv", "PGPORT", "6543", "PGUSER", ""))
                .load(POLICY);
        assertEquals(Path.of("/srv/pgkeeper"), policy.repository().path());
        ClusterPolicy main = policy.cluster(Optional.empty());
        assertEquals(Optional.of("localhost"), main.connection().host());
        assertEquals(Optional.of(6543), main.connection().port(), "an interpolated number is typed after expansion");
        assertEquals(Optional.of("postgres"), main.connection().user(), ":- also replaces an empty value");
        CheckPolicy check = main.verify().checks().get(0);
        assertEquals("costs $5", check.name());
        assertEquals("SELECT '$'", check.sql());
        assertEquals(Optional.of("$$"), check.expect());
    }

    @Test
    void unsetVariableWithoutDefaultIsAProblemNamingIt() {
        PolicyFiles files = new PolicyFiles(dir, Map.of());
        assertEquals(List.of(files.located(3, 9, "repository.path uses ${BACKUP_ROOT}, but environment variable"
                + " BACKUP_ROOT is not set (set it, or give a default: ${BACKUP_ROOT:-value})")), files.problems(POLICY));
    }

    @Test
    void interpolatedValueIsStillValidated() {
        PolicyFiles files = new PolicyFiles(dir, Map.of("BACKUP_ROOT", "/srv", "PGPORT", "http"));
        assertEquals(List.of(files.located(8, 13, "clusters.main.connection.port must be a whole number (got 'http')")),
                files.problems(POLICY));
    }

    @Test
    void malformedReferencesAreProblems() {
        PolicyFiles files = new PolicyFiles(dir);
        List<String> problems = files.problems("""
                version: 1
                repository:
                  path: /srv/${ROOT
                clusters:
                  main:
                    osUser: ${1USER}
                """);
        assertEquals(List.of(
                files.located(3, 9, "repository.path has '${' without a closing '}' (write $$ for a literal $)"),
                files.located(6, 13, "clusters.main.osUser has '${1USER}', which is not a variable reference"
                        + " (names are letters, digits and _; write $$ for a literal $)")), problems);
    }

    @Test
    void dollarsWithoutBracesStayAsWritten() {
        Policy policy = new PolicyFiles(dir, Map.of("X", "y")).load("""
                version: 1
                repository: {path: /srv/a$b}
                clusters:
                  main:
                    verify:
                      checks:
                        - {name: "$X costs $", database: app, sql: "SELECT $1", expect: "5"}
                """);
        assertEquals(Path.of("/srv/a$b"), policy.repository().path());
        assertEquals("$X costs $", policy.cluster(Optional.of("main")).verify().checks().get(0).name());
        assertEquals("SELECT $1", policy.cluster(Optional.of("main")).verify().checks().get(0).sql());
    }
}
