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
 * and the top-level {@code notify} and {@code metrics}.
 */
final class OpsBinder {
    static final List<String> BASEBACKUP_TYPES = List.of("full", "diff", "incr");

    private final ScalarReader values;

    OpsBinder(ScalarReader values) {
        this.values = values;
    }

    SchedulePolicy schedule(YamlMap s) {
        List<ScheduleEntry> entries = new ArrayList<>();
        cron(s, "dump").ifPresent(c -> entries.add(new ScheduleEntry("dump", Optional.empty(), c)));
        Optional<Node> base = s.get("basebackup");
        if (base.isPresent() && base.get() instanceof MappingNode) {
            YamlMap types = YamlMap.of(base.get(), s.path("basebackup"), values);
            for (String type : BASEBACKUP_TYPES) {
                cron(types, type).ifPresent(c -> entries.add(new ScheduleEntry("basebackup", Optional.of(type), c)));
            }
            types.finish();
        } else {
            cron(s, "basebackup").ifPresent(c -> entries.add(new ScheduleEntry("basebackup", Optional.empty(), c)));
        }
        cron(s, "verify").ifPresent(c -> entries.add(new ScheduleEntry("verify", Optional.empty(), c)));
        cron(s, "prune").ifPresent(c -> entries.add(new ScheduleEntry("prune", Optional.empty(), c)));
        s.finish();
        return new SchedulePolicy(entries);
    }

    private Optional<String> cron(YamlMap map, String key) {
        Optional<Node> node = map.get(key);
        Optional<String> text = node.flatMap(n -> values.nonEmptyText(n, map.path(key)));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> problem = CronExpressions.problem(text.get());
        if (problem.isPresent()) {
            values.problems().at(node.get(), map.path(key) + ": '" + text.get() + "' is not a valid cron expression: " + problem.get());
            return Optional.empty();
        }
        return text;
    }

    ObjectivesPolicy objectives(YamlMap o) {
        ObjectivesPolicy bound = new ObjectivesPolicy(o.duration("maxBackupAge", true), o.duration("maxArchiveLag", true),
                o.duration("maxVerifyAge", true));
        o.finish();
        return bound;
    }

    NotifyPolicy notify(YamlMap n) {
        NotifyPolicy bound = new NotifyPolicy(notifiers(n, "onFailure"), notifiers(n, "onSuccess"), notifiers(n, "onRecovery"));
        n.finish();
        return bound;
    }

    private List<NotifierPolicy> notifiers(YamlMap n, String key) {
        List<Node> items = n.list(key);
        List<NotifierPolicy> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMap item = YamlMap.of(items.get(i), n.path(key) + "[" + i + "]", values);
            notifier(item).ifPresent(out::add);
        }
        return out;
    }

    private Optional<NotifierPolicy> notifier(YamlMap item) {
        Optional<List<String>> command = item.textList("command");
        Optional<Node> webhookNode = item.get("webhook");
        Optional<String> webhook = webhookNode.flatMap(w -> values.nonEmptyText(w, item.path("webhook")));
        Duration timeout = item.optionalInteger("timeoutSeconds", 1, 3600).map(s -> Duration.ofSeconds(s)).orElse(NotifierPolicy.DEFAULT_TIMEOUT);
        item.finish();
        if (item.wrongShape()) {
            return Optional.empty();
        }
        if (command.isPresent() == webhookNode.isPresent()) {
            values.problems().at(item.node(), item.path() + " must have exactly one of command (a list: program and arguments)"
                    + " and webhook (an http or https URL)");
            return Optional.empty();
        }
        if (command.isPresent()) {
            if (command.get().isEmpty() || !command.get().get(0).startsWith("/")) {
                item.get("command").ifPresent(c -> values.problems().at(c, item.path("command") + " must start with the program's"
                        + " absolute path, e.g. [\"/usr/local/bin/page-oncall\"]: cron's PATH is short"));
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
            values.problems().at(webhookNode.get(), item.path("webhook") + " must be an http or https URL (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    MetricsPolicy metrics(YamlMap m) {
        MetricsPolicy bound = new MetricsPolicy(m.filePath("textfile"));
        m.finish();
        return bound;
    }
}
