package io.pgkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.PolicyException;
import io.pgkeeper.error.ToolFailedException;
import io.pgkeeper.util.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one envelope of every JSON document pgkeeper prints: {@code command, cluster, ok,
 * startedAt, durationMs, exitCode}, in that order, then the command's own fields at the top level
 * (so dump's --json is still its manifest), or on failure {@code error}. Commands that do work
 * carry all of it ({@link #RUN}: the document the notifiers get too); the queries carry the part
 * their scripts have always read (status: command and exitCode; archive get: command and ok), so
 * their JSON keeps its shape. Nothing else builds a result document.
 */
final class Envelope {
    /** The envelope's fields, in the order documents have them. */
    enum Field { COMMAND, CLUSTER, OK, STARTED_AT, DURATION_MS, EXIT_CODE }

    /** The run of a command that did work: every field. */
    static final Envelope RUN = new Envelope(EnumSet.allOf(Field.class));
    /** Only a document's command, then its own fields (policy validate, schedule, the prune within dump --prune). */
    static final Envelope COMMAND = of(Field.COMMAND);
    /** No envelope: list --json is the array of backups itself. */
    static final Envelope NONE = new Envelope(EnumSet.noneOf(Field.class));

    /** Fields the envelope decides even when the details have their own (a prune's durationMs is the prune's alone). */
    private static final Set<Field> ENVELOPE_WINS = EnumSet.of(Field.COMMAND, Field.OK, Field.EXIT_CODE, Field.DURATION_MS);

    private final Set<Field> fields;

    private Envelope(Set<Field> fields) {
        this.fields = fields;
    }

    static Envelope of(Field first, Field... rest) {
        return new Envelope(EnumSet.of(first, rest));
    }

    /** What one run is: its command as typed after {@code pgkeeper}, its cluster (null when unknown), when it started, now. */
    record Run(String command, String cluster, Instant startedAt, Instant now) {
        /** A document within another, which carries no more than its command (the prune of dump --prune). */
        static Run of(String command) {
            return new Run(command, null, null, null);
        }
    }

    /**
     * A finished run; ok is exit code 0.
     *
     * @param details a record, a map or a JSON node: an object's fields join the envelope's, in
     *     their place when the envelope has them already; anything else becomes {@code results}
     */
    JsonNode document(Run run, int exitCode, Object details) {
        JsonNode tree = Json.mapper().valueToTree(details);
        if (fields.isEmpty()) {
            return tree;
        }
        ObjectNode root = envelope(run, exitCode);
        if (tree instanceof ObjectNode obj) {
            ObjectNode saved = root.deepCopy();
            root.setAll(obj);
            for (Field f : ENVELOPE_WINS) {
                if (saved.has(name(f))) {
                    root.set(name(f), saved.get(name(f)));
                }
            }
        } else if (tree != null && !tree.isNull()) {
            root.set("results", tree);
        }
        return root;
    }

    /** A run that ended in an exception, as {@link ErrorHandler} mapped it. */
    ObjectNode failed(Run run, PgKeeperException pk) {
        ObjectNode root = envelope(run, pk.exitCode().code());
        root.set("error", error(pk));
        return root;
    }

    /** {@code {message, hint, tool, toolExitCode, stderrTail, problems}}, the tool's for a tool that failed, problems for a policy. */
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

    boolean has(Field f) {
        return fields.contains(f);
    }

    private ObjectNode envelope(Run run, int exitCode) {
        ObjectNode root = Json.mapper().createObjectNode();
        for (Field f : Field.values()) {
            if (!fields.contains(f)) {
                continue;
            }
            switch (f) {
                case COMMAND -> root.put(name(f), run.command());
                case CLUSTER -> {
                    if (run.cluster() != null) {
                        root.put(name(f), run.cluster());
                    }
                }
                case OK -> root.put(name(f), exitCode == 0);
                case STARTED_AT -> root.put(name(f), run.startedAt().toString());
                case DURATION_MS -> root.put(name(f), Duration.between(run.startedAt(), run.now()).toMillis());
                case EXIT_CODE -> root.put(name(f), exitCode);
            }
        }
        return root;
    }

    private static String name(Field f) {
        return switch (f) {
            case COMMAND -> "command";
            case CLUSTER -> "cluster";
            case OK -> "ok";
            case STARTED_AT -> "startedAt";
            case DURATION_MS -> "durationMs";
            case EXIT_CODE -> "exitCode";
        };
    }
}
