package io.pgkeeper.objectstore;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.defaultsmode.DefaultsMode;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the SDK's S3 client from {@link S3Settings} and nothing else. The AWS SDK reads a lot
 * from its surroundings when left alone: credentials and region from {@code AWS_*} variables,
 * {@code ~/.aws/config} and instance metadata, retry and checksum modes, FIPS and dual-stack
 * endpoints, a defaults mode. Every one of those is set here explicitly, and the profile file
 * is an empty one, so that a variable left in a cron job's environment cannot change where a
 * backup goes or which credentials sign it. Retries are pgkeeper's ({@link Retrier}), not the
 * SDK's, so that their bound is one documented rule.
 *
 * <p>The HTTP client is the JDK's {@code HttpURLConnection} (the SDK's url-connection-client):
 * no dependency beyond the JDK, and the fewest classes to load on the start-up path of
 * {@code archive push} and {@code archive get}, which run once per WAL segment.
 */
public final class S3Clients {
    private S3Clients() {}

    public static S3Client create(S3Settings settings, Map<String, String> environment) {
        return create(settings, environment, List.of());
    }

    /** @param interceptors the tests' way in between pgkeeper and the wire (a damaged part) */
    static S3Client create(S3Settings settings, Map<String, String> environment, List<ExecutionInterceptor> interceptors) {
        checkEndpoint(settings.endpoint());
        S3Credentials credentials = settings.credentials().resolve(environment);
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.timeouts().connect())
                .socketTimeout(settings.timeouts().read());
        settings.caFile().ifPresent(ca -> {
            TrustManager[] trust = TrustAnchors.load(ca);
            http.tlsTrustManagersProvider(() -> trust);
        });
        ProfileFile none = ProfileFile.builder().content(InputStream.nullInputStream()).type(ProfileFile.Type.CONFIGURATION).build();
        return S3Client.builder()
                .httpClient(http.build())
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.uriStyle() == UriStyle.PATH)
                .credentialsProvider(StaticCredentialsProvider.create(sdk(credentials)))
                .defaultsMode(DefaultsMode.LEGACY)
                .fipsEnabled(false)
                .dualstackEnabled(false)
                .accelerate(false)
                .crossRegionAccessEnabled(false)
                .disableS3ExpressSessionAuth(true)
                // pgkeeper sends its own checksum with each upload (ObjectWriter) and checks sha256 itself.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.defaultProfileFile(none).defaultProfileName("default")
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).executionInterceptors(interceptors))
                .build();
    }

    private static AwsCredentials sdk(S3Credentials c) {
        return c.sessionToken().<AwsCredentials>map(t -> AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), t))
                .orElseGet(() -> AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()));
    }

    /** https anywhere; plain http only to this host, where nothing crosses a network. */
    static void checkEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (endpoint.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ObjectStoreException(StoreFailure.CONFIGURATION, "the S3 endpoint " + endpoint + " is not an https:// URL",
                    "write s3.endpoint as https://host[:port]", null);
        }
        if (scheme.equals("http") && !loopback(endpoint.getHost())) {
            throw new ObjectStoreException(StoreFailure.CONFIGURATION, "the S3 endpoint " + endpoint + " is plain http to another host:"
                    + " credentials' signatures and data would cross the network unencrypted", "use https://", null);
        }
        if (endpoint.getUserInfo() != null || (endpoint.getPath() != null && !endpoint.getPath().isEmpty() && !endpoint.getPath().equals("/"))) {
            throw new ObjectStoreException(StoreFailure.CONFIGURATION, "the S3 endpoint " + endpoint + " has a user or a path",
                    "write s3.endpoint as https://host[:port]; the bucket and prefix have keys of their own", null);
        }
    }

    private static boolean loopback(String host) {
        try {
            return host.equals("localhost") || InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // a name that does not resolve is not this host
        }
    }
}
