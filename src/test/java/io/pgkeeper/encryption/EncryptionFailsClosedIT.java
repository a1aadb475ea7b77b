package io.pgkeeper.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.crypto.AgeIdentity;
import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption configured but impossible: a JVM without ChaCha20-Poly1305 and HMAC-SHA-256 (its
 * SunJCE provider removed, as a stripped runtime would be) makes dump, basebackup and archive
 * push fail (exit 1) naming the cause, having written nothing at all, neither in the repository
 * nor in the state directory; a recipient that is not one is a policy error (exit 2).
 */
class EncryptionFailsClosedIT {
    static TestCluster pg;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        pg = TestCluster.start();
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void aJvmThatCannotEncryptWritesNothing() throws Exception {
        Path repo = tmp.resolve("repo");
        Path state = tmp.resolve("state");
        Path policy = EncryptedRepository.policy(tmp.resolve("p/pgkeeper.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(AgeIdentity.generate()), null), pg.port(), "");
        Path security = Files.writeString(tmp.resolve("no-sunjce.security"),
                "security.provider.1=SUN\nsecurity.provider.2=SunRsaSign\nsecurity.provider.3=SunEC\nsecurity.provider.4=SunJSSE\n");
        List<String> jvm = List.of("-Djava.security.properties==" + security);
        Path wal = Files.write(tmp.resolve("000000010000000000000001"), new byte[16 << 20]);
        for (List<String> command : List.of(List.of("dump"), List.of("basebackup"), List.of("archive", "push", wal.toString()))) {
            String[] args = Stream.concat(Stream.of("--policy", policy.toString()), command.stream()).toArray(String[]::new);
            Cli.Result r = ChildJvm.run("077", Map.of(), jvm, args);
            assertEquals(1, r.exitCode(), command + ": " + r);
            assertTrue(r.err().contains("cannot do age encryption") && r.err().contains("writes nothing"), command + ": " + r);
            assertFalse(Files.exists(repo), command + " created the repository: " + r);
            assertFalse(Files.exists(state), command + " created the state directory: " + r);
        }
        Cli.Result ok = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(0, ok.exitCode(), "the same policy on a complete JVM: " + ok);
    }

    @Test
    void aRecipientThatIsNotOneIsAPolicyError() throws Exception {
        Path repo = tmp.resolve("repo2");
        Path policy = Files.writeString(tmp.resolve("bad.yaml"), "version: 1\nrepository:\n  path: " + repo + "\n  encryption:\n"
                + "    recipients: [age1notakey]\nclusters:\n  main:\n    connection: {host: 127.0.0.1, port: " + pg.port() + "}\n");
        for (String[] args : List.of(new String[] {"policy", "validate"}, new String[] {"dump"})) {
            String[] all = Stream.concat(Stream.of("--policy", policy.toString()), Stream.of(args)).toArray(String[]::new);
            Cli.Result r = Cli.run(all);
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("bad.yaml:5:18: repository.encryption.recipients[0] is not an age recipient"), r::toString);
        }
        assertFalse(Files.exists(repo));
    }
}
