package io.pgkeeper.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.crypto.AgeIdentity;
import io.pgkeeper.encryption.EncryptedRepository;
import io.pgkeeper.testing.ClusterExtension;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Oracle;
import io.pgkeeper.testing.S3Server;
import io.pgkeeper.testing.Shapes;
import io.pgkeeper.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With encryption, a custom-format dump is encrypted as it streams (docs/encryption.md): on an S3
 * repository and on a POSIX one, a marker in row data never appears in any file under the state
 * directory sampled every ~50 ms during the dump (no plaintext is staged), nor in the stored
 * objects, and a restore with the identity brings the rows and large objects back.
 */
@ExtendWith(ClusterExtension.class)
class S3StreamingEncryptedIT {
    static final String MARKER = "strmarker4410";

    @RegisterExtension
    static final S3Server S3 = new S3Server();

    static TestCluster source;
    static S3Repo repo;
    static AgeIdentity key;
    static Path identity;

    @BeforeAll
    static void start(TestCluster started) {
        source = started;
        source.execute("postgres", "CREATE DATABASE secret");
        // about 20 MB uncompressed: several parts of a multipart upload, several age chunks
        source.execute("secret", "CREATE TABLE notes (id int PRIMARY KEY, note text)",
                "INSERT INTO notes SELECT g, 'row " + MARKER + " ' || g || ' ' || md5(g::text) FROM generate_series(1, 400000) g");
        Shapes.largeObjects(source, "secret");
        repo = S3Repo.create(S3, "enc");
        key = AgeIdentity.generate();
        identity = EncryptedRepository.identityFile(repo.dir(), "identity.txt", key);
    }

    @AfterAll
    static void cleanUp() {
        if (repo != null) {
            Launcher.deleteQuietly(repo.dir());
        }
    }

    @Test
    void onS3NoPlaintextIsStagedAndTheIdentityRestoresIt() throws Exception {
        dumpThenRestore(repo.repositoryYaml(), repo.state(), repo.objects(), "s3");
    }

    @Test
    void onPosixNoPlaintextIsStagedAndTheIdentityRestoresIt() throws Exception {
        Path posix = repo.dir().resolve("posix-repo");
        Path state = repo.dir().resolve("posix-state");
        dumpThenRestore("repository:\n  path: " + posix + "\n  stateDir: " + state + "\n", state, posix, "posix");
    }

    private void dumpThenRestore(String repositoryYaml, Path state, Path stored, String name) throws Exception {
        String yaml = repositoryYaml + "  encryption:\n    recipients: [\"" + key.recipient().encoded() + "\"]\n    identityFile: " + identity + "\n";
        Path policy = policy(name, yaml, source.port());
        StateSampler sampler = new StateSampler(state, MARKER);
        S3Repo.Run dump = repo.run(policy, sampler, "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        String id = dump.out().trim();
        System.out.printf("S3StreamingEncryptedIT(%s): %d samples of stateDir, %d bytes read, largest file %d bytes%n", name,
                sampler.samples(), sampler.bytesSeen(), sampler.largest());
        assertTrue(sampler.samples() >= 5, "the state directory was sampled during the dump: " + sampler.samples());
        assertEquals(List.of(), sampler.holding(), "plaintext rows were staged under stateDir during the dump");
        assertEquals(List.of(), EncryptedRepository.holding(stored, MARKER), "plaintext reached the repository");
        try (TestCluster target = TestCluster.start()) {
            S3Repo.Run r = repo.run(policy(name + "-target-" + target.port(), yaml, target.port()), "restore", "--all", "--backup", id);
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(Oracle.data(source, "secret"), Oracle.data(target, "secret"));
            assertEquals(400000, target.queryLong("secret", "SELECT count(*) FROM notes WHERE note LIKE 'row " + MARKER + " %'"));
            assertEquals(source.queryString("secret", "SELECT md5(lo_get(770001))"), target.queryString("secret", "SELECT md5(lo_get(770001))"));
        }
    }

    private static Path policy(String name, String repositoryYaml, int port) throws IOException {
        Path file = repo.dir().resolve(name + ".yaml");
        Files.writeString(file, "version: 1\n" + repositoryYaml + "clusters:\n  main:\n    connection: {host: 127.0.0.1, port: " + port
                + ", user: postgres}\n    osUser: postgres\n    logical:\n      compress: \"0\"\n      databases: {include: [secret]}\n");
        return Launcher.readable(file);
    }
}
