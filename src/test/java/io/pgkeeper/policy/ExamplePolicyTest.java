package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The shipped example must load, and show every key the declaration ({@link PolicyKeys}) has. */
class ExamplePolicyTest {
    static final Path EXAMPLE = Path.of("config/pgkeeper.example.yaml");
    /** The repository block of an S3 repository, which the POSIX example cannot also hold. */
    static final Path S3_EXAMPLE = Path.of("config/pgkeeper.s3.example.yaml");
    /** An S3 repository with a credentials file, which excludes the variables' names. */
    static final Path S3_FILE_EXAMPLE = Path.of("config/pgkeeper.s3-file.example.yaml");

    @Test
    void exampleLoadsCleanlyWithAnEmptyEnvironment() {
        Policy policy = new PolicyLoader().load(EXAMPLE, Map.of());
        assertEquals(Path.of("/var/lib/pgkeeper"), policy.repository().path());
        assertEquals(Set.of("main", "reports"), policy.clusters().keySet());
        ClusterPolicy main = policy.cluster(Optional.of("main"));
        assertEquals(Optional.of("PGKEEPER_MAIN_PASSWORD"), main.connection().passwordEnv());
        assertEquals(2, main.verify().checks().size());
        assertEquals(Optional.of(Duration.ofHours(26)), main.verify().checks().get(1).fresh());
        assertEquals(3, main.retention().logical().orElseThrow().keepLast());
        assertEquals(TimeoutPolicy.defaults(), main.timeouts());
        assertEquals(Optional.of(5433), policy.cluster(Optional.of("reports")).connection().port());
    }

    @Test
    void s3ExampleLoadsCleanly() {
        Policy policy = new PolicyLoader().load(S3_EXAMPLE, Map.of());
        assertEquals(RepositoryPolicy.Type.S3, policy.repository().type());
        assertEquals(Path.of("/var/lib/pgkeeper/state"), policy.repository().path());
        assertEquals("prod", policy.repository().s3().orElseThrow().prefix());
        assertEquals(RepositoryPolicy.Type.S3, new PolicyLoader().load(S3_FILE_EXAMPLE, Map.of()).repository().type());
    }

    @Test
    void exampleTakesTheRepositoryFromTheEnvironmentWhenSet() {
        Policy policy = new PolicyLoader().load(EXAMPLE, Map.of("PGKEEPER_REPOSITORY", "/srv/backups"));
        assertEquals(Path.of("/srv/backups"), policy.repository().path());
    }

    /** Every declared key, by its full path, is written somewhere in the example (the refused one aside). */
    @Test
    void exampleShowsEveryKey() throws IOException {
        Set<String> shown = new TreeSet<>();
        for (Path example : new Path[] {EXAMPLE, S3_EXAMPLE, S3_FILE_EXAMPLE}) {
            Node root = PolicyYaml.parse(Files.readAllBytes(example), new Problems(example.toString())).orElseThrow();
            shown(root, PolicyKeys.SECTION, "", shown);
        }
        Set<String> missing = declaredPaths();
        missing.removeAll(shown);
        // repository.encryption is shown commented out: the example's pgbackrest cluster (reports) cannot
        // be combined with it (EncryptionPolicyTest), and loading the example must still succeed
        missing.removeAll(Set.of("repository.encryption", "repository.encryption.recipients", "repository.encryption.identityFile"));
        assertTrue(Files.readString(EXAMPLE).contains("  # encryption:"), "the example shows repository.encryption, commented");
        assertEquals(Set.of(), missing, "keys the example does not show");
    }

    /** Each key of each section at the first place the section appears, as in docs/policy.md. */
    static Set<String> declaredPaths() {
        Set<String> paths = new TreeSet<>();
        for (PolicyReference.Placed placed : PolicyReference.sections()) {
            for (Key<?> key : placed.section().keys()) {
                if (key.shape() != Key.Shape.FORBIDDEN) {
                    String at = YamlMap.join(placed.paths().get(0), key.name());
                    paths.add(at);
                    if (key.shape() == Key.Shape.ENTRIES) {
                        paths.add(PolicyReference.childPath(placed.paths().get(0), key));
                    }
                }
            }
        }
        return paths;
    }

    /** The declared paths written in a document: cluster names become {@code <name>}, list items {@code []}. */
    private static void shown(Node node, Section section, String path, Set<String> into) {
        if (!(node instanceof MappingNode mapping)) {
            return;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Key<?> key = section.key(((ScalarNode) tuple.getKeyNode()).getValue());
            if (key == null) {
                continue; // unknown keys are the loader's business: the example loads cleanly
            }
            into.add(YamlMap.join(path, key.name()));
            String below = PolicyReference.childPath(path, key);
            Node value = tuple.getValueNode();
            switch (key.shape()) {
                case BLOCK, VALUE -> {
                    if (key.section() != null) {
                        shown(value, key.section(), below, into);
                    }
                }
                case LIST -> {
                    if (value instanceof SequenceNode items) {
                        items.getValue().forEach(item -> shown(item, key.section(), below, into));
                    }
                }
                case ENTRIES -> {
                    if (value instanceof MappingNode entries) {
                        for (NodeTuple entry : entries.getValue()) {
                            into.add(below);
                            if (key.section() != null) {
                                shown(entry.getValueNode(), key.section(), below, into);
                            }
                        }
                    }
                }
                case FORBIDDEN -> { }
            }
        }
    }
}
