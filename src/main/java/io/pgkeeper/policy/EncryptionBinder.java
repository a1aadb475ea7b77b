package io.pgkeeper.policy;

import io.pgkeeper.crypto.AgeRecipient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds {@code repository.encryption}: every recipient is parsed here, at load, so that a typo is
 * a {@code policy.yaml:L:C} error (exit 2) before anything runs, never a backup written to nobody.
 * pgBackRest keeps its own repository and cipher, so the combination with that engine is refused.
 */
final class EncryptionBinder {
    private final ScalarReader values;

    EncryptionBinder(ScalarReader values) {
        this.values = values;
    }

    Optional<EncryptionPolicy> bind(YamlMap repository, Key<Void> key) {
        if (!repository.has(key)) {
            repository.node(key);
            return Optional.empty();
        }
        YamlMap encryption = repository.child(key);
        List<AgeRecipient> recipients = new ArrayList<>();
        List<Node> items = encryption.list(EncryptionKeys.RECIPIENTS);
        for (int i = 0; i < items.size(); i++) {
            String path = encryption.path(EncryptionKeys.RECIPIENTS) + "[" + i + "]";
            Node item = items.get(i);
            values.nonEmptyText(item, path).ifPresent(text -> {
                try {
                    recipients.add(AgeRecipient.parse(text));
                } catch (IllegalArgumentException e) {
                    values.problems().at(item, path + " " + e.getMessage() + "; take it from age-keygen -y IDENTITY_FILE");
                }
            });
        }
        if (items.isEmpty() && encryption.has(EncryptionKeys.RECIPIENTS)) {
            values.problems().at(encryption.node(), encryption.path(EncryptionKeys.RECIPIENTS)
                    + " must list at least one age1... public key (age-keygen -y IDENTITY_FILE prints it)");
        }
        Optional<Path> identity = encryption.optional(EncryptionKeys.IDENTITY_FILE);
        encryption.finish();
        return recipients.isEmpty() ? Optional.empty() : Optional.of(new EncryptionPolicy(recipients, identity));
    }

    /** With async archiving, the read-ahead queue holds decrypted WAL: its default place is inside the repository. */
    void requireSpoolOutside(YamlMap repository, Key<Void> key, Map<String, ClusterPolicy> clusters) {
        List<String> inside = clusters.values().stream()
                .filter(c -> c.archive().async() && c.archive().spoolDir().isEmpty()).map(ClusterPolicy::name).toList();
        if (!inside.isEmpty()) {
            repository.keyNode(key).ifPresent(node -> values.problems().at(node, "clusters." + inside.get(0) + ".archive.spoolDir is"
                    + " required with " + repository.path(key) + " and archive.async: the spool holds decrypted WAL for"
                    + " recovery, and its default place is inside the repository; set it to a local directory outside it"));
        }
    }

    /** pgBackRest encrypts its own repository with a passphrase (repo1-cipher-pass): age recipients cannot become one. */
    void refusePgBackRest(YamlMap repository, Key<Void> key, Map<String, ClusterPolicy> clusters) {
        List<String> pgbackrest = clusters.values().stream()
                .filter(c -> c.physical().engine() == PhysicalEngine.PGBACKREST).map(ClusterPolicy::name).toList();
        if (pgbackrest.isEmpty()) {
            return;
        }
        repository.keyNode(key).ifPresent(node -> values.problems().at(node, repository.path(key) + " cannot be used with"
                + " physical.engine: pgbackrest (cluster " + String.join(", ", pgbackrest) + "): pgBackRest encrypts its"
                + " repository with a passphrase cipher that age recipients cannot map to; encrypt pgBackRest's repository"
                + " with its own options instead (physical.pgbackrest.options: repo1-cipher-type: aes-256-cbc,"
                + " repo1-cipher-pass: ${VAR}), see docs/pgbackrest.md"));
    }
}
