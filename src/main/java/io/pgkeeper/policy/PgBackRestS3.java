package io.pgkeeper.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code repository.s3} in pgBackRest's terms, for engine pgbackrest: the {@code repo1-*}
 * options pgkeeper renders, the ones it owns (a pass-through option may not set them too), and
 * what pgBackRest 2.45 cannot carry out as written, with the reason. Pure, and the one place
 * these decisions are made: {@code policy validate} reports the refusals, the engine renders the
 * options.
 *
 * <p>Credentials are not options here: pgkeeper hands them to pgbackrest in its environment
 * ({@link #KEY_ENV}, {@link #SECRET_ENV}, {@link #TOKEN_ENV}), never in argv or the config file.
 */
public final class PgBackRestS3 {
    public static final String KEY_ENV = "PGBACKREST_REPO1_S3_KEY";
    public static final String SECRET_ENV = "PGBACKREST_REPO1_S3_KEY_SECRET";
    public static final String TOKEN_ENV = "PGBACKREST_REPO1_S3_TOKEN";
    /** pgBackRest's repository inside {@code <prefix>/<cluster>/}, beside pgkeeper's logical/, physical/ and wal/. */
    public static final String DIR = "pgbackrest";
    /** Where and how the repository is reached: with repository.s3 they come from it, so options may not set them. */
    private static final Pattern OWNED = Pattern.compile("repo1-(type|path|host.*|s3-.*|storage-.*|azure-.*|gcs-.*|sftp-.*)");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[.*]");

    /** A key of {@code repository.s3} pgBackRest cannot honour, and why. */
    public record Refusal(String key, String reason) {}

    private PgBackRestS3() {}

    /**
     * The repo1-* options for this bucket. The repository is {@code /<prefix>/<cluster>/pgbackrest}:
     * pgBackRest's {@code archive/} and {@code backup/} then live under pgkeeper's own
     * {@code <prefix>/<cluster>/} and never meet its keys.
     */
    public static Map<String, String> options(S3Policy s3, String cluster) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("repo1-type", "s3");
        o.put("repo1-path", "/" + (s3.prefix().isEmpty() ? "" : s3.prefix() + "/") + cluster + "/" + DIR);
        o.put("repo1-s3-bucket", s3.bucket());
        o.put("repo1-s3-endpoint", s3.endpoint().getHost());
        o.put("repo1-storage-port", Integer.toString(s3.endpoint().getPort() < 0 ? 443 : s3.endpoint().getPort()));
        o.put("repo1-s3-region", s3.region());
        o.put("repo1-s3-uri-style", s3.uriStyle() == S3Policy.UriStyle.PATH ? "path" : "host");
        o.put("repo1-s3-key-type", "shared");
        o.put("repo1-storage-verify-tls", "y");
        s3.caFile().ifPresent(f -> o.put("repo1-storage-ca-file", f.toString()));
        s3.kmsKeyId().ifPresent(k -> o.put("repo1-s3-kms-key-id", k));
        o.put("repo1-storage-upload-chunk-size", Long.toString(s3.partSize()));
        return o;
    }

    /** Whether a pass-through option would say again, or otherwise, where the repository is. */
    public static boolean owned(String option) {
        return OWNED.matcher(option).matches();
    }

    /** What pgBackRest 2.45 cannot do as the policy says; empty when the bucket maps entirely. */
    public static List<Refusal> refusals(S3Policy s3) {
        List<Refusal> out = new ArrayList<>();
        if (!"https".equals(s3.endpoint().getScheme())) {
            out.add(new Refusal("endpoint", "pgBackRest speaks only https to S3 (it has no plain-http option); give the store a"
                    + " TLS certificate and use an https endpoint"));
        } else if (IP_ADDRESS.matcher(s3.endpoint().getHost()).matches()) {
            out.add(new Refusal("endpoint", "pgBackRest 2.45 checks only the DNS names of the store's certificate, never an IP"
                    + " address in it, so TLS verification of " + s3.endpoint().getHost() + " fails; use the host name the"
                    + " certificate names (e.g. https://localhost:" + Math.max(s3.endpoint().getPort(), 443) + ")"));
        }
        s3.storageClass().ifPresent(c -> out.add(new Refusal("storageClass", "pgBackRest 2.45 has no storage-class option, so"
                + " its objects would be written as STANDARD; remove storageClass, or move objects with a lifecycle rule of the"
                + " bucket")));
        Optional<String> sse = s3.sse();
        if (sse.equals(Optional.of("AES256"))) {
            out.add(new Refusal("sse", "pgBackRest 2.45 cannot ask for SSE-S3 (AES256), only for aws:kms with a named key"
                    + " (repo1-s3-kms-key-id); set the bucket's default encryption instead and remove sse, or use sse: aws:kms"
                    + " with kmsKeyId"));
        } else if (sse.isPresent() && s3.kmsKeyId().isEmpty()) {
            out.add(new Refusal("sse", "pgBackRest 2.45 asks for aws:kms only with a named key (repo1-s3-kms-key-id); set"
                    + " kmsKeyId"));
        }
        return out;
    }
}
