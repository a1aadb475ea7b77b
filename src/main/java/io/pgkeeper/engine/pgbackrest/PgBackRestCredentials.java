package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.error.PgKeeperException;
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
    private static final String PREFIX = "PGBACKREST_";
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

    /**
     * pgbackrest takes a PGBACKREST_* variable over its config file. One that names where the
     * repository is (PGBACKREST_REPO1_PATH, _TYPE, _S3_BUCKET, ...) would send the backups
     * somewhere other than repository.s3 says; refused, naming it. The credentials pgkeeper sets
     * itself replace inherited ones, and options it does not render (a cipher pass) may come this way.
     */
    static void requireNoOverride(Map<String, String> env) {
        for (String name : new java.util.TreeSet<>(env.keySet())) {
            if (!name.startsWith(PREFIX) || name.equals(PgBackRestS3.KEY_ENV) || name.equals(PgBackRestS3.SECRET_ENV)
                    || name.equals(PgBackRestS3.TOKEN_ENV)) {
                continue;
            }
            String option = name.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            if (PgBackRestS3.owned(option)) {
                throw PgKeeperException.usage("the environment sets " + name + ", which pgbackrest would take over the " + option
                        + " pgkeeper renders from repository.s3", "unset " + name + " in the environment pgkeeper runs in");
            }
        }
    }

    static CredentialSource source(S3Policy.Credentials credentials) {
        if (credentials instanceof S3Policy.FromEnvironment e) {
            return new CredentialSource.Environment(e.accessKeyEnv(), e.secretKeyEnv(), e.sessionTokenEnv());
        }
        S3Policy.FromFile f = (S3Policy.FromFile) credentials;
        return new CredentialSource.File(f.file(), f.profile());
    }
}
