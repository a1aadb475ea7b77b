package io.pgkeeper.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One rule names the launcher in everything printed for the server, cron and systemd. */
class LauncherPathTest {
    @TempDir
    Path tmp;

    private ClusterPolicy cluster(String archiveYaml) throws Exception {
        Path policy = Files.writeString(tmp.resolve("pgkeeper.yaml"), "version: 1\nrepository:\n  path: /var/lib/pgkeeper\nclusters:\n"
                + "  main:\n    connection:\n      host: 127.0.0.1\n" + archiveYaml + "    schedule:\n      dump: \"0 3 * * *\"\n");
        return new PolicyLoader().load(policy, Map.of()).cluster(Optional.of("main"));
    }

    @Test
    void theLauncherThatStartedTheRunNamesItself() throws Exception {
        ClusterPolicy c = cluster("");
        assertEquals("/usr/bin/pgkeeper", LauncherPath.of(c, Map.of(LauncherPath.ENV, "/usr/bin/pgkeeper")));
        assertEquals("/src/pgkeeper/scripts/pgkeeper", LauncherPath.of(c, Map.of(LauncherPath.ENV, "/src/pgkeeper/scripts/pgkeeper")));
    }

    @Test
    void thePolicysLauncherIsAnExplicitChoiceAndWins() throws Exception {
        ClusterPolicy c = cluster("    archive:\n      launcher: /opt/wrap/pgkeeper\n");
        assertEquals("/opt/wrap/pgkeeper", LauncherPath.of(c, Map.of(LauncherPath.ENV, "/usr/bin/pgkeeper")));
        assertEquals("/opt/wrap/pgkeeper", LauncherPath.of(c, Map.of()));
    }

    @Test
    void withoutALauncherItIsThePlainCommandName() throws Exception {
        ClusterPolicy c = cluster("");
        assertEquals("pgkeeper", LauncherPath.of(c, Map.of()));
        assertEquals("pgkeeper", LauncherPath.of(c, Map.of(LauncherPath.ENV, "  ")));
    }

    @Test
    void scheduleAndArchiveCommandFollowTheSameRule() throws Exception {
        ClusterPolicy c = cluster("");
        Map<String, String> env = Map.of(LauncherPath.ENV, "/usr/bin/pgkeeper");
        ScheduledJob job = new ScheduleRenderer(tmp.resolve("pgkeeper.yaml"), env)
                .jobs(c, ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), 1).get(0);
        assertEquals("/usr/bin/pgkeeper", job.argv().get(0));
        String line = new io.pgkeeper.engine.basebackup.BaseBackupEngine().commandLines(LauncherPath.of(c, env), tmp.resolve("pgkeeper.yaml"), c,
                tmp.resolve("repo")).archiveCommand();
        assertTrue(line.startsWith("/usr/bin/pgkeeper archive push "), line);
    }
}
