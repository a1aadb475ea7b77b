package io.pgkeeper.policy;

import java.nio.file.Path;

/** {@code clusters.<name>.physical.pgbackrest}: how pgkeeper drives pgBackRest. */
final class PgBackRestKeys {
    static final Key<String> STANZA = Key.value("stanza", ValueTypes.TEXT,
            "The pgBackRest stanza: letters, digits, `_`, `.` and `-`.").required();
    static final Key<Path> CONFIG = Key.value("config", ValueTypes.PATH,
            "An existing pgbackrest.conf, used as it is.");
    static final Key<String> OPTIONS = Key.entries("options", "<option>", ValueTypes.anyText("text"),
            "pgBackRest options, each a single value (names `[a-z0-9-]`, e.g. `repo1-path`, `compress-type`). pgkeeper"
            + " renders them, with `pg1-path` from `pgdata`, `pg1-port`/`pg1-user`/`pg1-database` and a"
            + " socket-directory `host` (`pg1-socket-path`) from `connection`, and `repo1-retention-full` from"
            + " `retention.physical.keepFull`, into `<repository>/<cluster>/pgbackrest/pgbackrest.conf` (0600, owned"
            + " by `osUser`). `stanza` and `config` are not options.").unset("unset");

    static final Section SECTION = Section.of(
            "With `engine: pgbackrest`, retention is pgBackRest's `expire`: `retention.physical.keepFull` becomes"
            + " `repo1-retention-full`. `retention.physical.recoveryWindow` is refused (pgBackRest's time-based"
            + " retention counts days since full backups, which is not a recovery window), as are a `minKeep` above"
            + " `keepFull` and an `options.repo1-retention-full` that differs from `keepFull`. Secrets"
            + " (`repo1-cipher-pass`, `repo1-s3-key-secret`) go in `options` through `${VAR}` interpolation, so they"
            + " land only in the 0600 rendered file, or in `PGBACKREST_*` variables.",
            STANZA, CONFIG, OPTIONS)
            .atMostOne(OPTIONS, CONFIG, "use one: config names a pgbackrest.conf pgkeeper uses as it is, options makes"
                    + " pgkeeper write its own");

    private PgBackRestKeys() {}
}
