package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A password reaches the tools through PGPASSFILE only: never a child's argv, a log line, the
 * manifest or JSON output. The server demands scram for this role, so the password really is used.
 */
@ExtendWith(ClusterExtension.class)
class SecretsIT {
    static final String USER = "secretuser";
    static final String PASSWORD = "k33p:Out-0f_argv\\x7";
    static TestCluster pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(TestCluster started) throws IOException {
        pg = started;
        pg.execute("postgres", "CREATE ROLE " + USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD.replace("'", "''") + "'",
                "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t(id int)", "INSERT INTO t VALUES (1)");
        Path hba = pg.server().dataDir().resolve("pg_hba.conf");
        String rules = "host all " + USER + " 127.0.0.1/32 scram-sha-256\nhost all " + USER + " ::1/128 scram-sha-256\n";
        Files.writeString(hba, rules + Files.readString(hba));
        pg.queryString("postgres", "SELECT pg_reload_conf()::text");
    }

    @Test
    void withoutThePasswordTheServerRefuses() {
        Path policy = Policies.write(tmp, tmp.resolve("repo"), Policies.connection(pg.port(), USER), "");
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("cannot connect to 127.0.0.1:" + pg.port() + " as " + USER), r::toString);
    }

    @Test
    void passfile() throws Exception {
        Path passfile = tmp.resolve("main.pgpass");
        Files.writeString(passfile, "127.0.0.1:" + pg.port() + ":*:" + USER + ":" + PASSWORD.replace("\\", "\\\\").replace(":", "\\:") + "\n");
        Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
        Path repo = tmp.resolve("repo");
        Path policy = Policies.write(tmp, repo, Policies.connection(pg.port(), USER) + "      passfile: " + passfile + "\n", "");
        dumpWithoutLeaks(policy, repo, Map.of(), tmp.resolve("childtmp"));
    }

    @Test
    void passwordEnvThroughAPrivateTemporaryPassfile() throws Exception {
        Path repo = tmp.resolve("repo");
        Path policy = Policies.write(tmp, repo, Policies.connection(pg.port(), USER) + "      passwordEnv: PGKEEPER_TEST_PW\n", "");
        Path childTmp = tmp.resolve("childtmp");
        AtomicBoolean sawPassfile = dumpWithoutLeaks(policy, repo, Map.of("PGKEEPER_TEST_PW", PASSWORD), childTmp);
        assertTrue(sawPassfile.get(), "the run used a pgkeeper-* temporary directory for its passfile");
        try (Stream<Path> s = Files.list(childTmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("pgkeeper-")).toList(), "temporary passfile removed");
        }

        Cli.Result dry = ChildJvm.run("022", Map.of("PGKEEPER_TEST_PW", PASSWORD), List.of("-Djava.io.tmpdir=" + childTmp),
                "--policy", policy.toString(), "--verbose", "--dry-run", "dump");
        assertEquals(0, dry.exitCode(), dry::toString);
        assertTrue(dry.out().contains("would run: "), dry::toString);
        assertFalse(dry.toString().contains(PASSWORD), dry::toString);

        Cli.Result wrong = ChildJvm.run("022", Map.of("PGKEEPER_TEST_PW", "Wr0ng-Passw0rd-91"), List.of("-Djava.io.tmpdir=" + childTmp),
                "--policy", policy.toString(), "--verbose", "--json", "dump", "--database", "app");
        assertEquals(1, wrong.exitCode(), wrong::toString);
        assertTrue(wrong.err().contains("password authentication failed"), wrong::toString);
        assertFalse(wrong.toString().contains("Wr0ng-Passw0rd-91"), wrong::toString);
        try (Stream<Path> s = Files.list(childTmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("pgkeeper-")).toList(), "removed after a failure too");
        }
    }

    /** Dumps in a child JVM at --verbose --json while a watcher reads every process's argv. */
    private AtomicBoolean dumpWithoutLeaks(Path policy, Path repo, Map<String, String> env, Path childTmp) throws Exception {
        Files.createDirectories(childTmp);
        byte[] secret = PASSWORD.getBytes(StandardCharsets.UTF_8);
        List<String> leaks = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean sawTempDir = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!stop.get()) {
                try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                    for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                        try {
                            byte[] cmd = Files.readAllBytes(p.resolve("cmdline"));
                            if (indexOf(cmd, secret) >= 0) {
                                leaks.add(p + ": " + new String(cmd, StandardCharsets.UTF_8).replace('\0', ' '));
                            }
                        } catch (IOException gone) {
                            // the process ended while we looked
                        }
                    }
                    try (Stream<Path> t = Files.list(childTmp)) {
                        if (t.anyMatch(x -> x.getFileName().toString().startsWith("pgkeeper-"))) {
                            sawTempDir.set(true);
                        }
                    }
                } catch (IOException e) {
                    leaks.add("watcher failed: " + e);
                }
            }
        });
        watcher.start();
        Cli.Result r;
        try {
            r = ChildJvm.run("022", env, List.of("-Djava.io.tmpdir=" + childTmp), "--policy", policy.toString(), "--verbose", "--json", "dump");
        } finally {
            stop.set(true);
            watcher.join();
        }
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of(), leaks, "password seen in a process's argv");
        assertFalse(r.out().contains(PASSWORD), "password in --json output");
        assertFalse(r.err().contains(PASSWORD), "password in the --verbose log");
        assertTrue(r.err().contains("dumping database \"app\""), () -> "the log was captured: " + r.err());
        List<Path> manifests = DumpCompletionIT.manifests(repo);
        assertEquals(1, manifests.size());
        String manifest = Files.readString(manifests.get(0));
        assertFalse(manifest.contains(PASSWORD), manifest);
        assertTrue(manifest.contains("\"app\""), manifest);
        return sawTempDir;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
