package io.pgkeeper.policy;

import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * With {@code repository.type: s3}, a cluster on engine pgbackrest takes its repository from
 * {@code repository.s3} ({@link PgBackRestS3}). Refused here, at {@code policy validate}, naming
 * both keys: a pass-through {@code options.repo1-*} that says again where the repository is, a
 * {@code pgbackrest.config} file pgkeeper would not write the bucket into, and a bucket setting
 * pgBackRest cannot honour. Runs on the bound policy and reads only the nodes' positions.
 */
final class PgBackRestS3Check {
    private final ScalarReader values;

    PgBackRestS3Check(ScalarReader values) {
        this.values = values;
    }

    void check(Node root, RepositoryPolicy repository, Map<String, ClusterPolicy> clusters) {
        if (repository.s3().isEmpty()) {
            return;
        }
        S3Policy s3 = repository.s3().get();
        boolean refused = false;
        for (ClusterPolicy c : clusters.values()) {
            Optional<PgBackRestPolicy> p = c.physical().pgbackrest();
            if (c.physical().engine() != PhysicalEngine.PGBACKREST || p.isEmpty()) {
                continue;
            }
            String at = "clusters." + c.name() + ".physical.pgbackrest";
            Node pgbackrest = find(root, "clusters", c.name(), "physical", "pgbackrest").orElse(root);
            if (p.get().config().isPresent()) {
                values.problems().at(key(pgbackrest, "config").orElse(pgbackrest), at + ".config cannot be used with"
                        + " repository.type: s3: pgkeeper renders the bucket into the pgbackrest.conf it writes, never into your"
                        + " file; use " + at + ".options instead");
            }
            Node options = find(pgbackrest, "options").orElse(pgbackrest);
            for (String name : p.get().options().keySet()) {
                if (PgBackRestS3.owned(name)) {
                    values.problems().at(key(options, name).orElse(options), at + ".options." + name + " conflicts with"
                            + " repository.s3, from which pgkeeper renders pgBackRest's repository (repo1-type, repo1-path,"
                            + " repo1-s3-*, repo1-storage-*; docs/pgbackrest.md); remove " + name + " from the options, or set"
                            + " repository.type: posix");
                }
            }
            if (!refused) {
                refused = true;
                for (PgBackRestS3.Refusal r : PgBackRestS3.refusals(s3)) {
                    Node where = find(root, "repository", "s3").flatMap(n -> key(n, r.key())).orElse(root);
                    values.problems().at(where, "repository.s3." + r.key() + " cannot be applied by engine pgbackrest"
                            + " (clusters." + c.name() + "): " + r.reason());
                }
            }
        }
    }

    /** The value at a path of mapping keys. */
    private static Optional<Node> find(Node from, String... path) {
        Node n = from;
        for (String k : path) {
            Optional<NodeTuple> t = tuple(n, k);
            if (t.isEmpty()) {
                return Optional.empty();
            }
            n = t.get().getValueNode();
        }
        return Optional.of(n);
    }

    private static Optional<Node> key(Node mapping, String name) {
        return tuple(mapping, name).map(NodeTuple::getKeyNode);
    }

    private static Optional<NodeTuple> tuple(Node mapping, String name) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(name)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }
}
