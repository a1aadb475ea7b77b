package io.pgkeeper.cli;

/**
 * A command that does work (dump, basebackup, restore, verify, prune, archive check): its result
 * is a {@link RunReport} document, and after it finishes, successful or not, {@link RunHooks}
 * updates the metrics and tells the notifiers.
 */
interface WorkCommand {

    /** The {@code kind} label of its metrics: logical, physical, wal, or all. */
    String kind();
}
