package io.pgkeeper.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds what running unattended needs: {@code clusters.<name>.schedule} and {@code objectives},
 * and the top-level {@code notify} and {@code metrics}. The keys are declared in {@link OpsKeys}.
 */
final class OpsBinder {
    private static final List<Key<String>> BASEBACKUP_TYPES = List.of(OpsKeys.FULL, OpsKeys.DIFF, OpsKeys.INCR);

    private final ScalarReader values;

    OpsBinder(ScalarReader values) {
        this.values = values;
    }

    SchedulePolicy schedule(YamlMap s) {
        List<ScheduleEntry> entries = new ArrayList<>();
        s.optional(OpsKeys.DUMP).ifPresent(c -> entries.add(new ScheduleEntry("dump", Optional.empty(), c)));
        Optional<Node> base = s.node(OpsKeys.BASEBACKUP);
        if (base.isPresent() && base.get() instanceof MappingNode) {
            YamlMap types = s.child(OpsKeys.BASEBACKUP);
            for (Key<String> type : BASEBACKUP_TYPES) {
                types.optional(type).ifPresent(c -> entries.add(new ScheduleEntry("basebackup", Optional.of(type.name()), c)));
            }
            types.finish();
        } else {
            base.flatMap(n -> s.read(OpsKeys.BASEBACKUP, n))
                    .ifPresent(c -> entries.add(new ScheduleEntry("basebackup", Optional.empty(), c)));
        }
        s.optional(OpsKeys.VERIFY).ifPresent(c -> entries.add(new ScheduleEntry("verify", Optional.empty(), c)));
        s.optional(OpsKeys.PRUNE).ifPresent(c -> entries.add(new ScheduleEntry("prune", Optional.empty(), c)));
        s.finish();
        return new SchedulePolicy(entries);
    }

    ObjectivesPolicy objectives(YamlMap o) {
        ObjectivesPolicy bound = new ObjectivesPolicy(o.optional(OpsKeys.MAX_BACKUP_AGE), o.optional(OpsKeys.MAX_ARCHIVE_LAG),
                o.optional(OpsKeys.MAX_VERIFY_AGE));
        o.finish();
        return bound;
    }

    NotifyPolicy notify(YamlMap n) {
        NotifyPolicy bound = new NotifyPolicy(notifiers(n, OpsKeys.ON_FAILURE), notifiers(n, OpsKeys.ON_SUCCESS),
                notifiers(n, OpsKeys.ON_RECOVERY));
        n.finish();
        return bound;
    }

    private List<NotifierPolicy> notifiers(YamlMap n, Key<Void> key) {
        List<Node> items = n.list(key);
        List<NotifierPolicy> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            notifier(n.item(key, i, items.get(i))).ifPresent(out::add);
        }
        return out;
    }

    private Optional<NotifierPolicy> notifier(YamlMap item) {
        Optional<List<String>> command = item.optional(OpsKeys.COMMAND);
        Optional<String> webhook = item.optional(OpsKeys.WEBHOOK);
        Duration timeout = Duration.ofSeconds(item.value(OpsKeys.TIMEOUT_SECONDS));
        item.finish(); // also: exactly one of command and webhook
        if (item.wrongShape() || item.has(OpsKeys.COMMAND) == item.has(OpsKeys.WEBHOOK)) {
            return Optional.empty();
        }
        if (command.isPresent()) {
            if (command.get().isEmpty() || !command.get().get(0).startsWith("/")) {
                item.node(OpsKeys.COMMAND).ifPresent(c -> values.problems().at(c, item.path(OpsKeys.COMMAND) + " must start"
                        + " with the program's absolute path, e.g. [\"/usr/local/bin/page-oncall\"]: cron's PATH is short"));
                return Optional.empty();
            }
            return Optional.of(new NotifierPolicy(command.get(), Optional.empty(), timeout));
        }
        if (webhook.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(webhook.get());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(webhook.get(), "not an http or https URL with a host");
            }
            return Optional.of(new NotifierPolicy(List.of(), Optional.of(uri), timeout));
        } catch (URISyntaxException e) {
            item.node(OpsKeys.WEBHOOK).ifPresent(w -> values.problems().at(w, item.path(OpsKeys.WEBHOOK)
                    + " must be an http or https URL (" + e.getReason() + ")"));
            return Optional.empty();
        }
    }

    MetricsPolicy metrics(YamlMap m) {
        MetricsPolicy bound = new MetricsPolicy(m.optional(OpsKeys.TEXTFILE));
        m.finish();
        return bound;
    }
}
