package io.pgkeeper.testing;

import java.nio.file.Path;

/** Writes a one-cluster policy for a {@link TestCluster}. */
public final class TestPolicy {
    private TestPolicy() {}

    /**
     * A one-cluster policy named {@code main} for the test cluster.
     *
     * @param extraClusterYaml lines appended inside {@code clusters.main}, indented by 4 spaces
     */
    public static Path write(Path dir, TestCluster cluster, Path repository, String extraClusterYaml) {
        return Policies.write(dir, repository, "      host: 127.0.0.1\n      port: " + cluster.port() + "\n      user: postgres\n",
                extraClusterYaml);
    }

    public static Path write(Path dir, TestCluster cluster, Path repository) {
        return write(dir, cluster, repository, "");
    }
}
