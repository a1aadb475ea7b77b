package io.pgkeeper.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.error.PgKeeperException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The run of one command line: when it started, its cluster once known, and the result document
 * of a command that did work ({@link Envelope#RUN}), as --json prints it and the notifiers get it
 * (successful from {@link Renderer}, failed from {@link ErrorHandler}). One per command line, held
 * by the root command.
 */
final class RunReport {
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

    /** This run, now, for the envelope; {@code clusterName} (null when unknown) is remembered for the follow-up. */
    Envelope.Run run(String command, String clusterName) {
        if (clusterName != null) {
            cluster(clusterName);
        }
        return new Envelope.Run(command, cluster, startedAt, clock.instant());
    }

    void record(ObjectNode runDocument) {
        document = runDocument;
    }

    /** A run that ended in an exception, as {@link ErrorHandler} mapped it; recorded whatever the output format. */
    ObjectNode failed(String command, PgKeeperException pk) {
        document = Envelope.RUN.failed(run(command, null), pk);
        return document;
    }
}
