package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The same dump and restore against a PostgreSQL server in a container, where a Docker engine
 * runs: a server pgkeeper did not start, reached only over TCP with a password. Without Docker
 * (as on the project's own machines) it skips itself and says why; every other integration test
 * runs on local binaries.
 */
class ContainerRoundTripIT {

    static boolean docker;

    @BeforeAll
    static void lookForDocker() {
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            System.err.println("ContainerRoundTripIT skipped: no Docker engine; the suite runs on local PostgreSQL "
                    + TestCluster.newestMajor() + " binaries instead");
        }
    }

    @Test
    void dumpAndRestoreAgainstAContainerizedServer(@TempDir Path tmp) throws Exception {
        assumeTrue(docker, "no Docker engine is running: container tests skipped; the suite runs on local PostgreSQL binaries");
        String image = "postgres:" + TestCluster.newestMajor();
        try (PostgreSQLContainer<?> pg = new PostgreSQLContainer<>(image)) {
            pg.start();
            try (Connection c = DriverManager.getConnection(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword()); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE items(id int PRIMARY KEY, name text)");
                st.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 250) g");
            }
            Files.writeString(tmp.resolve("pw"), pg.getPassword());
            Path policy = tmp.resolve("pgkeeper.yaml");
            Files.writeString(policy, "version: 1\nrepository:\n  path: " + tmp.resolve("repo") + "\nclusters:\n  main:\n    connection:\n"
                    + "      host: " + pg.getHost() + "\n      port: " + pg.getMappedPort(5432) + "\n      user: " + pg.getUsername() + "\n"
                    + "      dbname: " + pg.getDatabaseName() + "\n      passwordEnv: PGKEEPER_CONTAINER_PASSWORD\n"
                    + "    logical:\n      globals: none\n      databases:\n        include: [" + pg.getDatabaseName() + "]\n");
            Cli.Result dump = io.pgkeeper.testing.ChildJvm.run("022", java.util.Map.of("PGKEEPER_CONTAINER_PASSWORD", pg.getPassword()),
                    "--policy", policy.toString(), "dump");
            assertEquals(0, dump.exitCode(), dump::toString);
            Cli.Result restore = io.pgkeeper.testing.ChildJvm.run("022", java.util.Map.of("PGKEEPER_CONTAINER_PASSWORD", pg.getPassword()),
                    "--policy", policy.toString(), "restore", "--database", pg.getDatabaseName(), "--into", "copy");
            assertEquals(0, restore.exitCode(), restore::toString);
            String copyUrl = pg.getJdbcUrl().replace("/" + pg.getDatabaseName(), "/copy");
            try (Connection c = DriverManager.getConnection(copyUrl, pg.getUsername(), pg.getPassword()); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
                rs.next();
                assertEquals(250, rs.getLong(1));
            }
        }
    }
}
