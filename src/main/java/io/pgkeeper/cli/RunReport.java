package io.pgkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.PolicyException;
import io.pgkeeper.error.ToolFailedException;
import io.pgkeeper.util.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The result document of one run: the envelope {@code command, cluster, ok, startedAt,
 * durationMs, exitCode}, the command's own details merged in at the top level (so dump's
 * --json is still its manifest), and on failure {@code error}. The same document is printed
 * with --json and sent to the notifiers. One per command line, held by the root command.
 */
final class RunReport {
    /** Fields the envelope decides even when the details have their own (a prune's durationMs is the prune's alone). */
    private static final String[] ENVELOPE_WINS = {"command", "ok", "exitCode", "durationMs"};

    private final Clock clock;
    private final Instant startedAt;
    private String cluster;
    private ObjectNode document;

    RunReport(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    static RunReport of(CommandLine.Model.CommandSpec spec) {
        return ((PgKeeperCommand) spec.root().userObject()).report();
    }

    /** The command as typed after {@code pgkeeper}, e.g. {@code archive check}. */
    static String commandName(CommandLine.Model.CommandSpec spec) {
        String q = spec.qualifiedName(" ");
        String root = spec.root().name() + " ";
        return q.startsWith(root) ? q.substring(root.length()) : q;
    }

    void cluster(String name) {
        if (cluster == null) {
            cluster = name;
        }
    }

    Optional<String> cluster() {
        return Optional.ofNullable(cluster);
    }

    Optional<ObjectNode> document() {
        return Optional.ofNullable(document);
    }

    Instant startedAt() {
        return startedAt;
    }

    /**
     * A finished run; ok is exit code 0.
     *
     * @param details a record (or JSON node) whose fields join the envelope's
     */
    ObjectNode finished(CommandLine.Model.CommandSpec spec, String clusterName, int exitCode, Object details) {
        cluster(clusterName);
        ObjectNode root = envelope(commandName(spec), exitCode);
        JsonNode tree = Json.mapper().valueToTree(details);
        if (tree instanceof ObjectNode obj) {
            ObjectNode saved = root.deepCopy();
            root.setAll(obj);
            for (String key : ENVELOPE_WINS) {
                root.set(key, saved.get(key));
            }
        } else if (tree != null && !tree.isNull()) {
            root.set("results", tree);
        }
        document = root;
        return root;
    }

    /** A run that ended in an exception, as {@link ErrorHandler} mapped it. */
    ObjectNode failed(String command, PgKeeperException pk) {
        ObjectNode root = envelope(command, pk.exitCode().code());
        root.set("error", error(pk));
        document = root;
        return root;
    }

    /** {@code {message, hint, tool, toolExitCode, stderrTail}}, the last three for a tool that failed. */
    static ObjectNode error(PgKeeperException pk) {
        ObjectNode error = Json.mapper().createObjectNode();
        error.put("message", pk.getMessage());
        pk.hint().ifPresent(h -> error.put("hint", h));
        if (pk instanceof ToolFailedException tf) {
            error.put("tool", tf.tool());
            error.put("toolExitCode", tf.toolExitCode());
            var tail = error.putArray("stderrTail");
            tf.stderrTail().forEach(tail::add);
        }
        if (pk instanceof PolicyException pe) {
            var problems = error.putArray("problems");
            pe.problems().forEach(problems::add);
        }
        return error;
    }

    private ObjectNode envelope(String command, int exitCode) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("command", command);
        if (cluster != null) {
            root.put("cluster", cluster);
        }
        root.put("ok", exitCode == 0);
        root.put("startedAt", startedAt.toString());
        root.put("durationMs", Duration.between(startedAt, clock.instant()).toMillis());
        root.put("exitCode", exitCode);
        return root;
    }
}
