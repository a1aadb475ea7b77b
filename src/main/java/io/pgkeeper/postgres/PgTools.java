package io.pgkeeper.postgres;

import java.nio.file.Path;

/** One directory of PostgreSQL binaries, with the major version they report. */
public record PgTools(Path binDir, int major, String version) {

    public Path path(String tool) {
        return binDir.resolve(tool);
    }

    public String bin(String tool) {
        return path(tool).toString();
    }
}
