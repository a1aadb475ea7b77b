package io.pgkeeper.s3;

import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An S3 repository for the tests: a policy naming an {@link S3Server}'s bucket (a prefix of its
 * own, the test CA passed explicitly, credentials by variable names), a local state directory the
 * server's OS user can use, and pgkeeper run as a child process whose environment holds the
 * credentials and misleading {@code AWS_*} and CA-bundle variables that pgkeeper must ignore.
 */
record S3Repo(S3Server s3, Path dir, String prefix, Path state, Path ca, java.util.Optional<Path> credentialsFile) {
    /** What an operator's shell might carry: none of it may change where backups go or how TLS is checked. */
    static final Map<String, String> MISLEADING = Map.of("AWS_CA_BUNDLE", "/nonexistent/ca.pem", "SSL_CERT_FILE", "/nonexistent/cert.pem",
            "AWS_ACCESS_KEY_ID", "AKIAMISLEADING", "AWS_SECRET_ACCESS_KEY", "misleading-secret", "AWS_ENDPOINT_URL", "https://127.0.0.1:9",
            "AWS_REGION", "ap-south-2", "AWS_PROFILE", "nonexistent", "AWS_CONFIG_FILE", "/nonexistent/config");

    static S3Repo create(S3Server s3, String prefix) {
        Path dir = Launcher.serverWritableDir();
        try {
            Path ca = Files.copy(s3.caFile(), dir.resolve("s3-ca.pem"));
            Launcher.readable(ca);
            Path state = dir.resolve("repo"); // owned by the server's OS user: archive_command may create the state first
            return new S3Repo(s3, dir, prefix, state, ca, java.util.Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same repository with its credentials in a file (0600, owned by the server's OS user):
     * what archive_command and restore_command, run by PostgreSQL, read.
     */
    S3Repo withCredentialsFile() {
        Path file = dir.resolve("s3.credentials");
        try {
            Files.writeString(file, "[default]\naws_access_key_id = " + s3.accessKey() + "\naws_secret_access_key = " + s3.secretKey() + "\n");
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            io.pgkeeper.postgres.LocalServer.chown(file, io.pgkeeper.testing.TestCluster.OS_USER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new S3Repo(s3, dir, prefix, state, ca, java.util.Optional.of(file));
    }

    /** The repository block of a policy, indented as at the top level. */
    String repositoryYaml() {
        return "repository:\n  type: s3\n  stateDir: " + state + "\n  s3:\n    endpoint: " + s3.endpoint() + "\n    bucket: " + S3Server.BUCKET
                + "\n    region: " + S3Server.REGION + "\n    prefix: " + prefix + "\n    uriStyle: path\n    caFile: " + ca
                + credentialsFile.map(f -> "\n    credentialsFile: " + f).orElse("\n    accessKeyEnv: " + S3Server.KEY_ENV
                        + "\n    secretKeyEnv: " + S3Server.SECRET_ENV) + "\n    retryFor: 6s\n";
    }

    /** A one-cluster policy for a server on {@code port}; {@code extra} is inside clusters.main, indented 4. */
    Path policy(String name, int port, String extra) {
        Path file = dir.resolve(name + ".yaml");
        try {
            Files.writeString(file, "version: 1\n" + repositoryYaml() + "clusters:\n  main:\n    connection: {host: 127.0.0.1, port: " + port
                    + ", user: postgres}\n    osUser: postgres\n" + extra);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Launcher.readable(file);
    }

    /** The child's environment: this JVM's, the credentials, and the misleading variables. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(MISLEADING);
        env.putAll(s3.environment());
        return env;
    }

    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit=" + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** pgkeeper as a child process; {@code during} runs while it does (e.g. sampling /proc). */
    Run run(Path policy, Runnable during, String... args) {
        List<String> argv = new ArrayList<>(List.of(Launcher.script().toString(), "--policy", policy.toString()));
        argv.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("pgkeeper-out-", ".txt");
            Path err = Files.createTempFile("pgkeeper-err-", ".txt");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(environment());
            Process p = pb.start();
            if (during != null) {
                while (p.isAlive()) {
                    during.run();
                    p.waitFor(50, TimeUnit.MILLISECONDS);
                }
            }
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("pgkeeper " + args[0] + " did not finish");
            }
            Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Run run(Path policy, String... args) {
        return run(policy, null, args);
    }

    /** This repository's objects as the store keeps them on disk. */
    Path objects() {
        return s3.bucketDir().resolve(prefix);
    }

    /** Every file below {@code root} whose bytes contain {@code secret}. */
    static List<Path> holding(Path root, String secret) {
        if (!Files.exists(root)) {
            return List.of();
        }
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(f -> contains(f, needle)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(Path f, byte[] needle) {
        try {
            byte[] all = Files.readAllBytes(f);
            outer:
            for (int i = 0; i + needle.length <= all.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (all[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    /** Processes whose command line holds {@code secret}, as /proc shows them now. */
    static List<String> cmdlinesHolding(String secret) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().matches("[0-9]+")) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmd.contains(secret)) {
                        found.add(p.getFileName() + ": " + cmd.replace('\0', ' '));
                    }
                } catch (IOException e) {
                    // the process ended while it was looked at
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
