package io.pgkeeper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Policy files for tests that need another port or user than {@link TestPolicy} writes. */
public final class Policies {
    private Policies() {}

    /** @param connectionYaml lines inside {@code clusters.main.connection}, indented 6 spaces */
    public static Path write(Path dir, Path repository, String connectionYaml, String extraClusterYaml) {
        String yaml = "version: 1\n"
                + "repository:\n"
                + "  path: " + repository + "\n"
                + "clusters:\n"
                + "  main:\n"
                + "    connection:\n"
                + connectionYaml
                + extraClusterYaml;
        Path file = dir.resolve("pgkeeper.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static String connection(int port, String user) {
        return "      host: 127.0.0.1\n      port: " + port + "\n      user: " + user + "\n";
    }
}
