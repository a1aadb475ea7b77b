package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /etc/pgkeeper/pgkeeper.yaml as the package ships it (src/package/etc/pgkeeper/pgkeeper.yaml):
 * valid as it is, for the local cluster through its socket, and still valid with every
 * commented-out key turned on, so that its suggestions are real keys at the right place.
 */
class PackagedPolicyTest {
    static final Path SHIPPED = Path.of("src/package/etc/pgkeeper/pgkeeper.yaml");
    /** "    # key: value" (a commented-out key), not "# prose" at the top. */
    static final Pattern COMMENTED_KEY = Pattern.compile("^(\\s+)# (\\s*[A-Za-z][A-Za-z0-9]*:.*)$", Pattern.MULTILINE);

    @Test
    void shippedPolicyBacksUpTheLocalClusterThroughItsSocket() {
        Policy policy = new PolicyLoader().load(SHIPPED, Map.of());
        assertEquals(Path.of("/var/lib/pgkeeper"), policy.repository().path());
        ClusterPolicy main = policy.cluster(Optional.empty());
        assertEquals("main", main.name());
        assertEquals(Optional.of("/var/run/postgresql"), main.connection().host());
        assertEquals(Optional.of("postgres"), main.connection().user());
        assertEquals(Optional.empty(), main.connection().passwordEnv(), "peer authentication as shipped: no password");
    }

    @Test
    void everyCommentedOutKeyIsARealKeyInItsPlace(@TempDir Path tmp) throws Exception {
        String text = Files.readString(SHIPPED);
        Matcher m = COMMENTED_KEY.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        assertTrue(n >= 10, "the shipped policy suggests optional keys: found " + n);
        Path all = Files.writeString(tmp.resolve("pgkeeper.yaml"), COMMENTED_KEY.matcher(text).replaceAll("$1$2"));
        Policy policy = new PolicyLoader().load(all, Map.of());
        ClusterPolicy main = policy.cluster(Optional.empty());
        assertEquals(Optional.of("PGKEEPER_MAIN_PASSWORD"), main.connection().passwordEnv());
        assertEquals(7, main.retention().logical().orElseThrow().keepLast());
        assertEquals(2, main.schedule().entries().size());
    }
}
