package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds the top of a policy's node tree ({@code version}, {@code repository}, {@code clusters}) to
 * a {@link Policy}. Binding carries on past problems, with defaults standing in for bad values,
 * so one run reports everything that is wrong. The keys are declared in {@link PolicyKeys}.
 */
final class PolicyBinder {
    static final int VERSION = 1;
    static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");

    private final ScalarReader values;
    private final Path source;

    PolicyBinder(ScalarReader values, Path source) {
        this.values = values;
        this.source = source;
    }

    /** The policy, or empty when any problem was found. */
    Optional<Policy> bind(Node root) {
        YamlMap top = YamlMap.of(root, "", values, PolicyKeys.SECTION);
        if (!(root instanceof MappingNode)) {
            return Optional.empty(); // already reported; listing every missing key would only bury it
        }
        int version = top.node(PolicyKeys.VERSION).flatMap(n -> checkVersion(top, n)).orElse(VERSION);
        YamlMap repositoryMap = top.child(PolicyKeys.REPOSITORY);
        RepositoryPolicy repository = new RepositoryBinder(values).bind(repositoryMap, top.has(PolicyKeys.REPOSITORY));
        Map<String, ClusterPolicy> clusters = clusters(top);
        if (repository.encryption().isPresent()) {
            new EncryptionBinder(values).refusePgBackRest(repositoryMap, RepositoryKeys.ENCRYPTION, clusters);
            if (repository.type() == RepositoryPolicy.Type.POSIX) {
                // with s3 the default spool is under the local stateDir, never in the bucket
                new EncryptionBinder(values).requireSpoolOutside(repositoryMap, RepositoryKeys.ENCRYPTION, clusters);
            }
        }
        OpsBinder ops = new OpsBinder(values);
        NotifyPolicy notify = ops.notify(top.child(PolicyKeys.NOTIFY));
        MetricsPolicy metrics = ops.metrics(top.child(PolicyKeys.METRICS));
        top.finish();
        new PgBackRestS3Check(values).check(root, repository, clusters);
        if (!values.problems().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Policy(source, version, repository, clusters, notify, metrics));
    }

    private Optional<Integer> checkVersion(YamlMap top, Node node) {
        Optional<Integer> version = top.read(PolicyKeys.VERSION, node);
        if (version.isPresent() && version.get() != VERSION) {
            values.problems().at(node, "version must be " + VERSION + " (got " + version.get()
                    + "); this pgkeeper reads version " + VERSION + " policies");
            return Optional.empty();
        }
        return version;
    }

    private Map<String, ClusterPolicy> clusters(YamlMap top) {
        Map<String, ClusterPolicy> clusters = new LinkedHashMap<>();
        if (top.node(PolicyKeys.CLUSTERS).isEmpty()) {
            return clusters; // reported missing
        }
        YamlMap mapping = top.child(PolicyKeys.CLUSTERS);
        ClusterBinder binder = new ClusterBinder(values);
        for (YamlMap.Entry entry : mapping.entries()) {
            if (!CLUSTER_NAME.matcher(entry.name()).matches()) {
                values.problems().at(entry.key(), "cluster name '" + entry.name() + "' in clusters must be 1 to 63"
                        + " letters, digits, '_', '.' or '-', not starting with '.' or '-'");
            }
            clusters.put(entry.name(), binder.bind(entry.name(), YamlMap.of(entry.value(), mapping.path(entry.name()), values,
                    PolicyKeys.CLUSTERS.section())));
        }
        if (clusters.isEmpty() && !mapping.wrongShape()) {
            values.problems().at(mapping.node(), "clusters must define at least one cluster");
        }
        return clusters;
    }
}
