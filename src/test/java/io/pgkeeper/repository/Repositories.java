package io.pgkeeper.repository;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.util.OsIdentity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** A POSIX repository for tests, as the CLI makes one: who we run as, the system clock. */
public final class Repositories {
    private Repositories() {}

    public static Repository at(Path root) {
        return Repository.posix(root, Optional.empty(), OsIdentity.current(), Clock.systemUTC());
    }

    /** The WAL archive of the cluster whose directory is {@code clusterDir} ({@code <repository>/<cluster>}). */
    public static WalArchive archive(Path clusterDir) {
        return WalArchive.of(at(clusterDir.getParent()), clusterDir.getFileName().toString());
    }
}
