package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.objectstore.CredentialSource;
import io.pgkeeper.objectstore.S3Credentials;
import io.pgkeeper.policy.PgBackRestS3;
import io.pgkeeper.policy.S3Policy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The S3 credentials for pgbackrest, as the PGBACKREST_REPO1_S3_* variables of its environment:
 * read from the variables {@code repository.s3} names (in the environment pgkeeper was given) or
 * from its credentials file, exactly as pgkeeper's own client reads them. pgbackrest gets them
 * in its environment only, which no other user can read ({@code /proc/<pid>/environ} is the
 * owner's), never in argv (world-readable in {@code /proc/<pid>/cmdline}) nor in its config file.
 */
final class PgBackRestCredentials {
    private PgBackRestCredentials() {}

    /** @param env the environment pgkeeper runs in (from the composition root) */
    static Map<String, String> environment(S3Policy s3, Map<String, String> env) {
        S3Credentials c = source(s3.credentials()).resolve(env);
        Map<String, String> out = new LinkedHashMap<>();
        out.put(PgBackRestS3.KEY_ENV, c.accessKeyId());
        out.put(PgBackRestS3.SECRET_ENV, c.secretAccessKey());
        c.sessionToken().ifPresent(t -> out.put(PgBackRestS3.TOKEN_ENV, t));
        return out;
    }

    static CredentialSource source(S3Policy.Credentials credentials) {
        if (credentials instanceof S3Policy.FromEnvironment e) {
            return new CredentialSource.Environment(e.accessKeyEnv(), e.secretKeyEnv(), e.sessionTokenEnv());
        }
        S3Policy.FromFile f = (S3Policy.FromFile) credentials;
        return new CredentialSource.File(f.file(), f.profile());
    }
}
