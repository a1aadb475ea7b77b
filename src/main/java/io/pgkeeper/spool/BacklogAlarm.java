package io.pgkeeper.spool;

/**
 * Who hears that the archive backlog passed {@code archive.backlogWarning} (and that it is back
 * under half): the notifiers and the metrics file, which live above this package (ops), handed in
 * by the command that starts the worker.
 */
@FunctionalInterface
public interface BacklogAlarm {
    BacklogAlarm NONE = (raised, json) -> { };

    /** @param json the notification document (command, cluster, event, backlog figures) */
    void tell(boolean raised, byte[] json);
}
