package io.pgkeeper.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code repository.s3}: the bucket of an S3 repository ({@code repository.type: s3}). */
final class S3Keys {
    static final Key<String> ENDPOINT = Key.value("endpoint", ValueTypes.text("URL"),
            "The store's URL, `https://host[:port]` (plain `http` only for a store on the loopback interface). For AWS:"
            + " `https://s3.<region>.amazonaws.com`.").required();
    static final Key<String> BUCKET = Key.value("bucket", ValueTypes.text("name"),
            "The bucket; it must exist (pgkeeper never creates one).").required();
    static final Key<String> REGION = Key.value("region", ValueTypes.text("name"),
            "The region requests are signed for (SigV4).").byDefault("us-east-1");
    static final Key<String> PREFIX = Key.value("prefix", ValueTypes.text("key prefix"),
            "A key prefix inside the bucket, e.g. `prod`: the repository's objects are `<prefix>/<cluster>/...`."
            + " One prefix is written by one host at a time (docs/storage.md).").unset("the bucket's top");
    static final Key<S3Policy.UriStyle> URI_STYLE = Key.value("uriStyle", ValueTypes.names(S3Policy.UriStyle.PATH, S3Policy.UriStyle.HOST),
            "`host`: `https://<bucket>.<endpoint>/<key>` (AWS); `path`: `https://<endpoint>/<bucket>/<key>` (MinIO, Ceph"
            + " RGW, most self-hosted stores).").byDefault(S3Policy.UriStyle.HOST);
    static final Key<Path> CA_FILE = Key.value("caFile", ValueTypes.PATH,
            "PEM certificates to trust for the endpoint instead of the JDK's trust store (a private CA). `AWS_CA_BUNDLE`"
            + " and `SSL_CERT_FILE` are never read.").unset("the JDK's trust store");
    static final Key<String> ACCESS_KEY_ENV = Key.value("accessKeyEnv", ValueTypes.text("variable name"),
            "The name of the environment variable that holds the access key id (never the key itself).");
    static final Key<String> SECRET_KEY_ENV = Key.value("secretKeyEnv", ValueTypes.text("variable name"),
            "The name of the environment variable that holds the secret access key.");
    static final Key<String> SESSION_TOKEN_ENV = Key.value("sessionTokenEnv", ValueTypes.text("variable name"),
            "With `accessKeyEnv`: the name of a variable holding a session token (temporary credentials).");
    static final Key<Path> CREDENTIALS_FILE = Key.value("credentialsFile", ValueTypes.PATH,
            "A file in the AWS shared-credentials format (`aws_access_key_id`, `aws_secret_access_key`); refused when"
            + " its group or other users may read it (`chmod 600`). Instead of `accessKeyEnv`/`secretKeyEnv`.");
    static final Key<String> CREDENTIALS_PROFILE = Key.value("credentialsProfile", ValueTypes.text("name"),
            "The `[profile]` section of `credentialsFile` to use.").byDefault("default");
    static final Key<String> STORAGE_CLASS = Key.value("storageClass", ValueTypes.text("name"),
            "The storage class of every object written, e.g. `STANDARD_IA`.").unset("the bucket's default");
    static final Key<String> SSE = Key.value("sse", ValueTypes.choice(sse()),
            "Server-side encryption asked for on every upload: `AES256` (keys kept by the store) or `aws:kms`. It"
            + " protects the provider's disks, not against the provider.").unset("none");
    static final Key<String> KMS_KEY_ID = Key.value("kmsKeyId", ValueTypes.text("key id or ARN"),
            "With `sse: aws:kms`: the KMS key.").unset("the account's default key");
    static final Key<Long> PART_SIZE = Key.value("partSize", new SizeType(5L << 20),
            "The first part size of multipart uploads (at least 5MB). Memory per upload is one part; parts grow past"
            + " 1000 of them, so one object may reach several TB.").byDefault(8L << 20);
    static final Key<Duration> RETRY_FOR = Key.value("retryFor", ValueTypes.DURATION,
            "How long one request keeps being retried (up to 8 tries, 0.5s doubling to 30s between them) while the store"
            + " is unreachable, times out or answers 5xx, before the command fails.").byDefault(Duration.ofMinutes(2));

    static final Section SECTION = Section.of(
            "Credentials come from exactly one place: the variables named by `accessKeyEnv` and `secretKeyEnv`, or"
            + " `credentialsFile`. pgkeeper never reads `AWS_ACCESS_KEY_ID`, `~/.aws` or instance metadata.",
            ENDPOINT, BUCKET, REGION, PREFIX, URI_STYLE, CA_FILE, ACCESS_KEY_ENV, SECRET_KEY_ENV, SESSION_TOKEN_ENV,
            CREDENTIALS_FILE, CREDENTIALS_PROFILE, STORAGE_CLASS, SSE, KMS_KEY_ID, PART_SIZE, RETRY_FOR)
            .exactlyOne(ACCESS_KEY_ENV, CREDENTIALS_FILE, "use one: variables named by accessKeyEnv/secretKeyEnv, or a"
                    + " credentials file", "needs credentials: set accessKeyEnv and secretKeyEnv (names of environment"
                    + " variables), or credentialsFile");

    private static Map<String, String> sse() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("AES256", "AES256");
        m.put("aws:kms", "aws:kms");
        return m;
    }

    private S3Keys() {}
}
