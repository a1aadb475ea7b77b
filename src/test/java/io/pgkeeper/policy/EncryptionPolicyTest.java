package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.crypto.AgeIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** repository.encryption and repository.stateDir: recipients checked at load, at their line and column. */
class EncryptionPolicyTest {
    @TempDir
    Path dir;

    PolicyFiles files;

    @BeforeEach
    void setUp() {
        files = new PolicyFiles(dir);
    }

    static String policy(String repositoryExtra, String clusterExtra) {
        StringBuilder sb = new StringBuilder("version: 1\nrepository:\n  path: /srv/backups\n");
        repositoryExtra.lines().forEach(l -> sb.append("  ").append(l).append('\n'));
        sb.append("clusters:\n  main:\n    connection: {host: /tmp}\n");
        clusterExtra.lines().forEach(l -> sb.append("    ").append(l).append('\n'));
        return sb.toString();
    }

    @Test
    void recipientsAndIdentityAreBoundAndTheStateDirDefaultsBesideTheRepository() {
        String r = AgeIdentity.generate().recipient().encoded();
        Policy p = files.load(policy("encryption:\n  recipients: [\"" + r + "\"]\n  identityFile: keys/id.txt\n", ""));
        EncryptionPolicy e = p.repository().encryption().orElseThrow();
        assertEquals(r, e.recipients().get(0).encoded());
        assertEquals(dir.resolve("keys/id.txt"), e.identityFile().orElseThrow());
        assertEquals(Path.of("/srv/backups.state"), p.repository().state());
        Policy plain = files.load(policy("stateDir: /var/lib/pgkeeper/state\n", ""));
        assertEquals(Optional.empty(), plain.repository().encryption());
        assertEquals(Path.of("/var/lib/pgkeeper/state"), plain.repository().state());
    }

    @Test
    void aBadRecipientIsAProblemAtItsItemNamingTheFix() {
        String good = AgeIdentity.generate().recipient().encoded();
        String typo = good.substring(0, 20) + (good.charAt(20) == 'q' ? 'p' : 'q') + good.substring(21);
        List<String> problems = files.problems(policy("encryption:\n  recipients:\n    - " + good + "\n    - " + typo + "\n", ""));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(files.located(7, 9, "repository.encryption.recipients[1] is not an age recipient")),
                problems.get(0));
        assertTrue(problems.get(0).endsWith("take it from age-keygen -y IDENTITY_FILE"), problems.get(0));
        assertEquals(1, files.problems(policy("encryption:\n  recipients: [\"AGE-SECRET-KEY-1XYZ\"]\n", "")).size());
    }

    @Test
    void recipientsAreRequiredAndCannotBeEmpty() {
        files.assertOnlyProblem(policy("encryption:\n  identityFile: /etc/id.txt\n", ""), 5, 5,
                "repository.encryption.recipients is required");
        assertEquals(1, files.problems(policy("encryption:\n  recipients: []\n", "")).size());
    }

    @Test
    void thePgBackRestEngineRefusesEncryptionWithTheReasonAndTheWayInstead() {
        String r = AgeIdentity.generate().recipient().encoded();
        List<String> problems = files.problems(policy("encryption:\n  recipients: [" + r + "]\n",
                "pgdata: /srv/pg\nphysical:\n  engine: pgbackrest\n  pgbackrest:\n    stanza: main\n    options: {repo1-path: /r}\n"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(files.located(4, 3, "repository.encryption cannot be used with physical.engine:"
                + " pgbackrest (cluster main)")), problems.get(0));
        assertTrue(problems.get(0).contains("repo1-cipher-type") && problems.get(0).contains("passphrase"), problems.get(0));
    }
}
