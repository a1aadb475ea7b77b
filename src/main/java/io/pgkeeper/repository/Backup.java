package io.pgkeeper.repository;

import java.nio.file.Path;

/** A completed backup: its directory and its manifest. */
public record Backup(Path dir, Manifest manifest) {

    public String id() {
        return manifest.id();
    }
}
