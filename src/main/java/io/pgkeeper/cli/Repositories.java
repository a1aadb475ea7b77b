package io.pgkeeper.cli;

import io.pgkeeper.objectstore.CredentialSource;
import io.pgkeeper.objectstore.RetryBounds;
import io.pgkeeper.objectstore.S3ObjectStore;
import io.pgkeeper.objectstore.S3Settings;
import io.pgkeeper.objectstore.ServerSideEncryption;
import io.pgkeeper.objectstore.Timeouts;
import io.pgkeeper.objectstore.UriStyle;
import io.pgkeeper.policy.EncryptionPolicy;
import io.pgkeeper.policy.RepositoryPolicy;
import io.pgkeeper.policy.S3Policy;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.storage.AgeKeys;
import io.pgkeeper.repository.storage.EncryptedStorage;
import io.pgkeeper.repository.storage.PosixStorage;
import io.pgkeeper.repository.storage.S3Storage;
import io.pgkeeper.repository.storage.Storage;
import io.pgkeeper.util.OsIdentity;
import io.pgkeeper.util.SecureFiles;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The repository the policy names, built at the composition root: a directory, or a bucket whose
 * local state (locks, spool, staging, restore copies) is {@code repository.stateDir}, which is
 * then the {@link Repository#root()}.
 */
final class Repositories {
    /** Between tries of a failing request: 0.5 s doubling up to 30 s, at most 8 tries, within {@code s3.retryFor}. */
    static final int ATTEMPTS = 8;
    static final Duration FIRST_DELAY = Duration.ofMillis(500);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private Repositories() {}

    /**
     * The encryption is set up (the recipients, a probe of the JVM's algorithms) before the
     * repository is used, so that a run that cannot encrypt fails (exit 1) having written nothing.
     */
    static Repository open(RepositoryPolicy policy, Optional<String> serverUser, OsIdentity me, Clock clock, Map<String, String> env) {
        Storage storage;
        if (policy.type() == RepositoryPolicy.Type.POSIX) {
            storage = new PosixStorage(policy.path(), serverUser, me);
        } else {
            S3Settings settings = settings(policy.s3().orElseThrow());
            S3ObjectStore store = S3ObjectStore.connect(settings, env, clock);
            storage = new S3Storage(store, policy.path(), serverUser, new SecureFiles(me), settings.credentials().describe());
        }
        if (policy.encryption().isPresent()) {
            EncryptionPolicy e = policy.encryption().get();
            storage = new EncryptedStorage(storage, new AgeKeys(e.recipients(), e.identityFile()), policy.state(),
                    new SecureFiles(me));
        }
        return new Repository(policy.path(), storage, serverUser, me, clock);
    }

    /**
     * The repository a run's follow-up uses: outcomes are remembered under the local root
     * (stateDir for S3), metrics read the catalog where the backups are.
     *
     * @param built the run's own repository, when it opened one
     */
    static Repository afterRun(RepositoryPolicy policy, Optional<Repository> built, OsIdentity me, Clock clock, Map<String, String> env) {
        if (policy.type() == RepositoryPolicy.Type.POSIX) {
            return open(policy, Optional.empty(), me, clock, env);
        }
        if (built.isPresent()) {
            return built.get();
        }
        try {
            return open(policy, Optional.empty(), me, clock, env);
        } catch (RuntimeException e) {
            // the bucket cannot be opened (the run's own error says why): outcomes are still remembered locally, and a
            // metrics file then shows no backups, an alarm rather than a false all-clear
            return Repository.posix(policy.path(), Optional.empty(), me, clock);
        }
    }

    static S3Settings settings(S3Policy s3) {
        CredentialSource credentials;
        if (s3.credentials() instanceof S3Policy.FromEnvironment e) {
            credentials = new CredentialSource.Environment(e.accessKeyEnv(), e.secretKeyEnv(), e.sessionTokenEnv());
        } else {
            S3Policy.FromFile f = (S3Policy.FromFile) s3.credentials();
            credentials = new CredentialSource.File(f.file(), f.profile());
        }
        UriStyle style = s3.uriStyle() == S3Policy.UriStyle.PATH ? UriStyle.PATH : UriStyle.HOST;
        RetryBounds retries = new RetryBounds(ATTEMPTS, FIRST_DELAY, MAX_DELAY, s3.retryFor());
        // one attempt never outlasts the whole retry budget: a stopped store fails within retryFor, not 60 s later
        Timeouts limits = new Timeouts(min(Timeouts.DEFAULT.connect(), s3.retryFor()), min(Timeouts.DEFAULT.read(), s3.retryFor()));
        return new S3Settings(s3.endpoint(), s3.region(), s3.bucket(), s3.prefix(), style, s3.caFile(), credentials, s3.storageClass(),
                s3.sse().map(a -> new ServerSideEncryption(a, s3.kmsKeyId())), s3.partSize(), limits, retries);
    }

    private static Duration min(Duration a, Duration b) {
        Duration floor = Duration.ofSeconds(2);
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.compareTo(floor) < 0 ? floor : m;
    }
}
