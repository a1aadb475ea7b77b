package io.pgkeeper.testing;

import io.pgkeeper.objectstore.CredentialSource;
import io.pgkeeper.objectstore.S3Settings;
import io.pgkeeper.objectstore.UriStyle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3-compatible server for the tests: S3Proxy with its filesystem backend, in a child JVM
 * of its own, speaking TLS with a certificate from a {@link TestCa} made for this server, and
 * checking SigV4 signatures against credentials made for this server. No Docker.
 *
 * <p>Use it as a JUnit 5 extension, {@code @RegisterExtension static final S3Server S3 = new
 * S3Server();}, or call {@link #start()} and {@link #close()} yourself. The credentials are in a
 * 0600 properties file, never in the server's argv; tests hand them to pgkeeper through
 * environment variables or a credentials file. The child JVM can be killed ({@link #kill}),
 * stopped and continued ({@link #pause}/{@link #resume}: a server that accepts connections and
 * answers nothing, as a slow store does), and started again on the same port and data.
 *
 * <p>S3Proxy's limits met so far (docs/storage.md lists them too): it validates the flexible
 * checksums of PutObject and UploadPart (CRC32, CRC32C, CRC64NVME, SHA-1, SHA-256) and refuses
 * unknown {@code x-amz-} headers with 501 NotImplemented, server-side-encryption headers
 * included; parts other than the last must be at least 5 MiB, as on AWS.
 */
public final class S3Server implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    public static final String BUCKET = "pgkeeper-test";
    public static final String REGION = "us-east-1";
    /** The variables {@link #environment()} sets and {@link #settings} names: what a policy's accessKeyEnv/secretKeyEnv would. */
    public static final String KEY_ENV = "PGKEEPER_TEST_S3_KEY";
    public static final String SECRET_ENV = "PGKEEPER_TEST_S3_SECRET";

    private final String accessKey;
    private final String secretKey;
    private Path base;
    private Path caFile;
    private int port;
    private Process process;
    private boolean paused;

    public S3Server() {
        SecureRandom random = new SecureRandom();
        this.accessKey = "PGKTEST" + hex(random, 8).toUpperCase(java.util.Locale.ROOT);
        this.secretKey = "s3secret-" + hex(random, 16);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Makes the TLS material, the data directory and the bucket, and starts the server. */
    public synchronized S3Server start() {
        try {
            base = Files.createTempDirectory("pgkeeper-s3-");
            TestCa ca = TestCa.create("pgkeeper test CA " + base.getFileName());
            caFile = ca.writePem(base.resolve("ca.pem"));
            ca.writeServerKeyStore(base.resolve("server.p12"));
            Files.createDirectories(data().resolve(BUCKET));
            port = freePort();
            writeConfig();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch();
        return this;
    }

    /** Starts the server again after {@link #kill} or {@link #stop}, on the same port and data. */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("S3Proxy is still running");
        }
        launch();
    }

    /** SIGKILL: the store disappears mid-request, connections are reset. */
    public synchronized void kill() {
        process.destroyForcibly();
        waitFor();
    }

    public synchronized void stop() {
        process.destroy();
        waitFor();
    }

    /** SIGSTOP: the kernel still accepts connections, but nothing answers until {@link #resume}. */
    public synchronized void pause() {
        signal("-STOP");
    }

    public synchronized void resume() {
        signal("-CONT");
    }

    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + port);
    }

    public Path caFile() {
        return caFile;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Settings for this server: path style, its CA, credentials from {@link #environment()}'s variables. */
    public S3Settings settings(String prefix) {
        return S3Settings.of(endpoint(), REGION, BUCKET, prefix, UriStyle.PATH, Optional.of(caFile),
                new CredentialSource.Environment(KEY_ENV, SECRET_ENV, Optional.empty()));
    }

    /** The credentials as environment variables, for {@link #settings} and for child processes. */
    public Map<String, String> environment() {
        return Map.of(KEY_ENV, accessKey, SECRET_ENV, secretKey);
    }

    /** The backend's files: {@code <data>/<bucket>/<key>}, to look at what the store really holds. */
    public Path data() {
        return base.resolve("data");
    }

    public Path bucketDir() {
        return data().resolve(BUCKET);
    }

    public Path log() {
        return base.resolve("s3proxy.log");
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            if (isPaused()) {
                resume();
            }
            kill();
        }
        if (base != null) {
            exec("rm", "-rf", base.toString());
        }
    }

    private void writeConfig() throws IOException {
        Path conf = base.resolve("s3proxy.conf");
        Files.createFile(conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        List<String> lines = List.of(
                "s3proxy.secure-endpoint=https://127.0.0.1:" + port,
                "s3proxy.keystore-path=" + base.resolve("server.p12"),
                "s3proxy.keystore-password=" + TestCa.KEYSTORE_PASSWORD,
                "s3proxy.authorization=aws-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data());
        Files.write(conf, lines, StandardCharsets.UTF_8);
    }

    private void launch() {
        String jar = System.getProperty("pgkeeper.s3proxy.jar", "target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy's jar is missing at " + jar + ": run the tests through Maven"
                    + " (mvn verify copies org.gaul:s3proxy:jar-with-dependencies there)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar,
                "--properties", base.resolve("s3proxy.conf").toString()));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JAVA_TOOL"));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitListening(Duration.ofSeconds(60));
    }

    private void awaitListening(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + "; its log:\n" + tail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100); // the server is still starting: poll until the deadline
            }
        }
        throw new IllegalStateException("S3Proxy did not listen on " + port + " within " + limit + "; its log:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("S3Proxy did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean isPaused() {
        return paused;
    }

    private void signal(String sig) {
        exec("kill", sig, Long.toString(process.pid()));
        paused = sig.equals("-STOP");
    }

    private static void exec(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("failed: " + String.join(" ", argv));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
