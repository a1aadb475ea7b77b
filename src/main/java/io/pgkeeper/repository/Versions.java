package io.pgkeeper.repository;

import java.util.Map;

/** The versions that produced a backup: pgkeeper's, the server's and each tool's. */
public record Versions(String pgkeeper, String server, Map<String, String> tools) {
    public Versions {
        tools = Map.copyOf(tools);
    }
}
