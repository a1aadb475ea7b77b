package io.pgkeeper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes policy files for tests. */
public final class TestPolicy {
    private TestPolicy() {}

    /**
     * A one-cluster policy named {@code main} for the test cluster.
     *
     * @param extraClusterYaml lines appended inside {@code clusters.main}, indented by 4 spaces
     */
    public static Path write(Path dir, TestCluster cluster, Path repository, String extraClusterYaml) {
        String yaml = "version: 1\n"
                + "repository:\n"
                + "  path: " + repository + "\n"
                + "clusters:\n"
                + "  main:\n"
                + "    connection:\n"
                + "      host: 127.0.0.1\n"
                + "      port: " + cluster.port() + "\n"
                + "      user: postgres\n"
                + extraClusterYaml;
        Path file = dir.resolve("pgkeeper.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static Path write(Path dir, TestCluster cluster, Path repository) {
        return write(dir, cluster, repository, "");
    }
}
