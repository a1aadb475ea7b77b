package io.pgkeeper.policy;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code clusters.<name>.objectives}, judged by {@code pgkeeper status}; an empty one is reported
 * but not judged.
 *
 * @param maxBackupAge the newest completed backup of each kind must be younger (the RPO)
 * @param maxArchiveLag the newest archived WAL segment must be younger
 * @param maxVerifyAge the newest passing verify must be younger
 */
public record ObjectivesPolicy(Optional<Duration> maxBackupAge, Optional<Duration> maxArchiveLag, Optional<Duration> maxVerifyAge) {

    public static ObjectivesPolicy none() {
        return new ObjectivesPolicy(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
