package io.pgkeeper.recovery;

import java.util.List;
import java.util.Optional;

/** What {@link RecoveryWait} can see of a starting copy; a scripted one serves unit tests. */
public interface CopyWatch {

    /** The data directory's postmaster.pid, when there is one. */
    Optional<PidFile> pidFile();

    /** Whether the process with this pid still runs. */
    boolean alive(long pid);

    /** The server's log so far. */
    List<String> log();

    /** Asks the running server where recovery stands. */
    ProbeResult probe(PidFile pid);
}
