package io.pgkeeper.check;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.util.FileOwner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An S3 repository, tested for real: the store answers, the credentials are accepted, and an
 * object can be written and deleted in the bucket below the prefix (a probe object); and the
 * local state directory (locks, spool, staging, restore copies) can be written.
 */
final class S3Probe {
    private S3Probe() {}

    static void run(CheckContext cc, List<Finding> out) {
        Repository repo = cc.ctx().repository();
        String where = repo.storage().describe("");
        try {
            repo.storage().prepare("");
            out.add(Finding.ok("repository", where + " answers, accepts the credentials and can be written (a probe object written"
                    + " and deleted)"));
        } catch (PgKeeperException e) {
            out.add(Finding.fail("repository", e.getMessage(), e.hint().orElse("check repository.s3 in the policy")));
        }
        Path state = repo.root().toAbsolutePath().normalize();
        if (!Files.exists(state)) {
            out.add(Finding.warn("state directory", state + " does not exist yet", "the first run creates it (0700); or create it now"));
        } else if (!Files.isDirectory(state) || !Files.isWritable(state)) {
            out.add(Finding.fail("state directory", state + " is not a directory this user (" + cc.ctx().os().name() + ") can write",
                    "repository.stateDir must be a local directory for locks, the archive spool, staging and restore copies"));
        } else {
            out.add(Finding.ok("state directory", state + " (" + FileOwner.describe(state) + ")"));
        }
    }
}
