package io.pgkeeper.restore;

import java.time.Duration;
import java.util.Optional;

/** {@code restore --all}: every database of a logical backup, into the policy's server, under its own name. */
public record ClusterRestoreRequest(String backupId, Optional<Integer> jobs, boolean clean, boolean globals, Duration lockWait) {}
