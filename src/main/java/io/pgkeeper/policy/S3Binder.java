package io.pgkeeper.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Binds {@code repository.s3} (keys in {@link S3Keys}); every problem names its key and the fix. */
final class S3Binder {
    private final ScalarReader values;

    S3Binder(ScalarReader values) {
        this.values = values;
    }

    /** Empty after a problem: any problem discards the policy. */
    Optional<S3Policy> bind(YamlMap s3) {
        Optional<URI> endpoint = s3.node(S3Keys.ENDPOINT).flatMap(n -> s3.read(S3Keys.ENDPOINT, n).flatMap(t -> endpoint(s3, n, t)));
        Optional<String> bucket = s3.optional(S3Keys.BUCKET);
        bucket.filter(b -> !b.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")).ifPresent(b -> s3.node(S3Keys.BUCKET).ifPresent(n ->
                values.problems().at(n, s3.path(S3Keys.BUCKET) + " must be a bucket name: 3 to 63 lower-case letters, digits,"
                        + " '.' and '-' (got '" + b + "')")));
        String region = s3.value(S3Keys.REGION);
        String prefix = s3.node(S3Keys.PREFIX).flatMap(n -> s3.read(S3Keys.PREFIX, n).map(p -> prefix(s3, n, p))).orElse("");
        S3Policy.UriStyle style = s3.value(S3Keys.URI_STYLE);
        Optional<Path> ca = s3.optional(S3Keys.CA_FILE);
        Optional<S3Policy.Credentials> credentials = credentials(s3);
        Optional<String> storageClass = s3.optional(S3Keys.STORAGE_CLASS);
        Optional<String> sse = s3.optional(S3Keys.SSE);
        Optional<String> kms = s3.optional(S3Keys.KMS_KEY_ID);
        if (kms.isPresent() && !sse.equals(Optional.of("aws:kms"))) {
            s3.keyNode(S3Keys.KMS_KEY_ID).ifPresent(k -> values.problems().at(k, s3.path(S3Keys.KMS_KEY_ID)
                    + " needs " + s3.path(S3Keys.SSE) + ": aws:kms; set it, or remove kmsKeyId"));
        }
        long partSize = s3.value(S3Keys.PART_SIZE);
        java.time.Duration retryFor = s3.value(S3Keys.RETRY_FOR);
        s3.finish();
        if (endpoint.isEmpty() || bucket.isEmpty() || credentials.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new S3Policy(endpoint.get(), bucket.get(), region, prefix, style, ca, credentials.get(), storageClass, sse,
                kms, partSize, retryFor));
    }

    private Optional<URI> endpoint(YamlMap s3, Node node, String text) {
        String fix = s3.path(S3Keys.ENDPOINT) + " must be a URL such as https://s3.example.net:9000 (got '" + text + "')";
        try {
            URI uri = new URI(text.strip());
            boolean http = "http".equals(uri.getScheme());
            if (!(http || "https".equals(uri.getScheme())) || uri.getHost() == null || (uri.getPath() != null
                    && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) || uri.getQuery() != null || uri.getUserInfo() != null) {
                values.problems().at(node, fix + ": scheme https, a host, an optional port, no path");
                return Optional.empty();
            }
            if (http && !loopback(uri.getHost())) {
                values.problems().at(node, s3.path(S3Keys.ENDPOINT) + " uses plain http to " + uri.getHost()
                        + ", which would send backups and signatures unencrypted; use https (plain http is only for a store on"
                        + " the loopback interface)");
                return Optional.empty();
            }
            return Optional.of(URI.create(uri.getScheme() + "://" + uri.getAuthority()));
        } catch (URISyntaxException e) {
            values.problems().at(node, fix);
            return Optional.empty();
        }
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.equals("[::1]") || host.equals("::1") || host.startsWith("127.");
    }

    private String prefix(YamlMap s3, Node node, String text) {
        String p = text.strip().replaceAll("^/+", "").replaceAll("/+$", "");
        for (String part : p.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                values.problems().at(node, s3.path(S3Keys.PREFIX) + " must be key parts separated by '/', without empty, '.' or"
                        + " '..' parts (got '" + text + "')");
                return "";
            }
        }
        return p;
    }

    private Optional<S3Policy.Credentials> credentials(YamlMap s3) {
        Optional<String> key = s3.optional(S3Keys.ACCESS_KEY_ENV);
        Optional<String> secret = s3.optional(S3Keys.SECRET_KEY_ENV);
        Optional<String> token = s3.optional(S3Keys.SESSION_TOKEN_ENV);
        Optional<Path> file = s3.optional(S3Keys.CREDENTIALS_FILE);
        String profile = s3.value(S3Keys.CREDENTIALS_PROFILE);
        for (Optional<String> name : java.util.List.of(key, secret, token)) {
            name.filter(n -> !n.matches("[A-Za-z_][A-Za-z0-9_]*")).ifPresent(n -> values.problems().at(s3.node(),
                    s3.path() + ": '" + n + "' is not an environment variable name; the policy names the variable that holds"
                    + " a credential, never the credential itself"));
        }
        if (key.isPresent() != secret.isPresent()) {
            Key<String> missing = key.isPresent() ? S3Keys.SECRET_KEY_ENV : S3Keys.ACCESS_KEY_ENV;
            values.problems().at(s3.node(), s3.path(missing) + " is required with " + s3.path(key.isPresent()
                    ? S3Keys.ACCESS_KEY_ENV : S3Keys.SECRET_KEY_ENV) + ": name both variables");
            return Optional.empty();
        }
        if (token.isPresent() && key.isEmpty()) {
            s3.keyNode(S3Keys.SESSION_TOKEN_ENV).ifPresent(k -> values.problems().at(k, s3.path(S3Keys.SESSION_TOKEN_ENV)
                    + " goes with accessKeyEnv and secretKeyEnv; a credentials file holds its own aws_session_token"));
        }
        if (secret.isPresent() && file.isPresent()) {
            s3.keyNode(S3Keys.SECRET_KEY_ENV).ifPresent(k -> values.problems().at(k, s3.path(S3Keys.SECRET_KEY_ENV) + " and "
                    + s3.path(S3Keys.CREDENTIALS_FILE) + " are both set; use one"));
        }
        if (key.isPresent()) {
            return Optional.of(new S3Policy.FromEnvironment(key.get(), secret.get(), token));
        }
        return file.map(f -> new S3Policy.FromFile(f, profile));
    }
}
