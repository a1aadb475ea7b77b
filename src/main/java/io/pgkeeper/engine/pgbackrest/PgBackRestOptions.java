package io.pgkeeper.engine.pgbackrest;

/** pgBackRest option names pgkeeper reads or writes itself. */
final class PgBackRestOptions {
    static final String RETENTION_FULL = "repo1-retention-full";

    private PgBackRestOptions() {}
}
