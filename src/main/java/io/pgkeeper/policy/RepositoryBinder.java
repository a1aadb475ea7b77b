package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds {@code repository} (keys in {@link RepositoryKeys}): a directory, or a bucket with its
 * local state directory. Placeholders returned after a problem never reach a Policy: any problem
 * discards the result.
 */
final class RepositoryBinder {
    private final ScalarReader values;

    RepositoryBinder(ScalarReader values) {
        this.values = values;
    }

    /** @param present whether the policy has a repository block at all (its absence is reported already) */
    RepositoryPolicy bind(YamlMap repository, boolean present) {
        RepositoryPolicy.Type type = repository.value(RepositoryKeys.TYPE);
        Optional<Path> path = repository.optional(RepositoryKeys.PATH);
        Optional<Path> state = repository.optional(RepositoryKeys.STATE_DIR);
        Node where = repository.keyNode(RepositoryKeys.TYPE).map(Node.class::cast).orElse(repository.node());
        if (type == RepositoryPolicy.Type.POSIX) {
            if (repository.has(RepositoryKeys.S3)) {
                repository.node(RepositoryKeys.S3);
                repository.keyNode(RepositoryKeys.S3).ifPresent(k -> values.problems().at(k, repository.path(RepositoryKeys.S3)
                        + " is set but " + repository.path(RepositoryKeys.TYPE) + " is posix; set type: s3 to use the bucket,"
                        + " or remove s3"));
            }
            if (present && path.isEmpty() && !repository.has(RepositoryKeys.PATH) && !repository.wrongShape()) {
                values.problems().at(repository.node(), repository.path(RepositoryKeys.PATH) + " is required");
            }
            Optional<EncryptionPolicy> encryption = new EncryptionBinder(values).bind(repository, RepositoryKeys.ENCRYPTION);
            repository.finish();
            return new RepositoryPolicy(path.orElse(Path.of("/")), state, encryption);
        }
        repository.keyNode(RepositoryKeys.PATH).ifPresent(k -> values.problems().at(k, repository.path(RepositoryKeys.PATH)
                + " is for type: posix; an S3 repository keeps its local state (locks, spool, staging) in "
                + repository.path(RepositoryKeys.STATE_DIR) + ": rename path to stateDir, or remove it"));
        if (state.isEmpty() && !repository.has(RepositoryKeys.STATE_DIR)) {
            values.problems().at(where, repository.path(RepositoryKeys.STATE_DIR) + " is required with type: s3: a local"
                    + " directory for locks, the archive spool, staging and restore's downloads, e.g. /var/lib/pgkeeper/state");
        }
        Optional<S3Policy> s3 = Optional.empty();
        if (!repository.has(RepositoryKeys.S3)) {
            repository.node(RepositoryKeys.S3);
            values.problems().at(where, repository.path(RepositoryKeys.S3) + " is required with type: s3: set at least s3.endpoint,"
                    + " s3.bucket and the credentials (s3.accessKeyEnv and s3.secretKeyEnv, or s3.credentialsFile)");
        } else {
            s3 = new S3Binder(values).bind(repository.child(RepositoryKeys.S3));
        }
        Optional<EncryptionPolicy> encryption = new EncryptionBinder(values).bind(repository, RepositoryKeys.ENCRYPTION);
        repository.finish();
        if (s3.isEmpty()) {
            return new RepositoryPolicy(state.orElse(Path.of("/")));
        }
        return new RepositoryPolicy(state.orElse(Path.of("/")), RepositoryPolicy.Type.S3, s3, Optional.empty(), encryption);
    }
}
