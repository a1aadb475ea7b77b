package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.engine.CommandLines;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine is chosen once from the policy, and each one answers for itself what the commands used to check the policy for. */
class EnginesTest {
    @TempDir
    Path dir;

    private ClusterPolicy cluster(String physical) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "version: 1\nrepository: {path: " + dir.resolve("repo") + "}\nclusters:\n  main:\n"
                + "    connection: {host: /var/run/postgresql, port: 5432, user: postgres}\n    pgdata: /var/lib/postgresql/15/main\n" + physical);
        return new PolicyLoader().load(file, Map.of()).cluster(java.util.Optional.of("main"));
    }

    @Test
    void pgBasebackupIsTheDefaultAndArchivesInThisProcess() throws Exception {
        ClusterPolicy c = cluster("");
        PhysicalEngine e = Engines.of(c);
        assertEquals("pg_basebackup", e.name());
        assertTrue(e.archivesInProcess());
        CommandLines lines = e.commandLines("pgkeeper", dir.resolve("p.yaml"), c, dir.resolve("repo"));
        assertEquals("pgkeeper archive push --policy " + dir.resolve("p.yaml") + " --cluster main %p", lines.archiveCommand());
        assertEquals("pgkeeper archive get --policy " + dir.resolve("p.yaml") + " --cluster main %f %p", lines.restoreCommand());
    }

    @Test
    void pgBackRestNamesItselfInTheArchiveCommandAndLeavesPushAndGetToTheFullCli() throws Exception {
        ClusterPolicy c = cluster("    physical:\n      engine: pgbackrest\n      pgbackrest:\n        stanza: main\n"
                + "        options: {repo1-path: /var/lib/pgbackrest}\n");
        PhysicalEngine e = Engines.of(c);
        assertEquals("pgbackrest", e.name());
        assertFalse(e.archivesInProcess());
        assertTrue(e.commandLines("pgkeeper", dir.resolve("p.yaml"), c, dir.resolve("repo")).archiveCommand().endsWith(" --cluster main --engine pgbackrest %p"));
        e.requireArchivingFor(c, "pgbackrest");
        e.requireArchivingFor(c, null);
        PgKeeperException refused = assertThrows(PgKeeperException.class, () -> e.requireArchivingFor(c, "pg_basebackup"));
        assertEquals(ExitCode.USAGE, refused.exitCode());
        assertTrue(refused.getMessage().contains("clusters.main.physical.engine is pgbackrest"), refused.getMessage());
    }
}
