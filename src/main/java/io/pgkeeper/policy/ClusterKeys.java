package io.pgkeeper.policy;

import java.nio.file.Path;
import java.time.Duration;

/** {@code clusters.<name>}, with its {@code connection} and {@code timeouts}. */
final class ClusterKeys {
    static final Key<String> HOST = Key.value("host", ValueTypes.TEXT,
            "A host name, an IP address, or an absolute socket directory; a comma-separated list as libpq accepts;"
            + " no spaces.").unset("libpq's");
    static final Key<Integer> PORT = Key.value("port", ValueTypes.wholeNumber(1, 65535),
            "The server's port.").unset("libpq's");
    static final Key<String> USER = Key.value("user", ValueTypes.TEXT,
            "The role pgkeeper connects as.").unset("libpq's");
    static final Key<String> DBNAME = Key.value("dbname", ValueTypes.TEXT,
            "The maintenance database pgkeeper connects to for catalog queries; not what gets backed up (see"
            + " `logical.databases`).").unset("libpq's");
    static final Key<Path> PASSFILE = Key.value("passfile", ValueTypes.PATH,
            "A libpq password file.").unset("libpq's");
    static final Key<String> PASSWORD_ENV = Key.value("passwordEnv", ValueTypes.TEXT,
            "The **name** of an environment variable holding the password, such as `PGKEEPER_MAIN_PASSWORD`:"
            + " letters, digits and `_`, not starting with a digit.");
    static final Key<Void> PASSWORD = Key.forbidden("password",
            "is not allowed: secrets never go in the policy; use passfile (a libpq password file) or passwordEnv"
            + " (the name of an environment variable holding the password)",
            "Refused: secrets never go in the policy; use `passfile` or `passwordEnv`.");
    static final Section CONNECTION_KEYS = Section.of(
            "How pgkeeper reaches the server. Every key is optional. Whatever is left out falls back to libpq's own"
            + " environment variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSFILE`, ...) and defaults,"
            + " exactly as `psql` would.",
            HOST, PORT, USER, DBNAME, PASSFILE, PASSWORD_ENV, PASSWORD)
            .atMostOne(PASSWORD_ENV, PASSFILE, "use one of them");

    static final Key<Duration> DUMP_TIMEOUT = Key.value("dump", ValueTypes.DURATION,
            "One `pg_dump` or `pg_basebackup`.").byDefault(Duration.ofHours(24));
    static final Key<Duration> RESTORE_TIMEOUT = Key.value("restore", ValueTypes.DURATION,
            "One `pg_restore`.").byDefault(Duration.ofHours(24));
    static final Key<Duration> VERIFY_TIMEOUT = Key.value("verify", ValueTypes.DURATION,
            "One whole verify run.").byDefault(Duration.ofHours(12));
    static final Key<Duration> CONNECT_TIMEOUT = Key.value("connect", ValueTypes.DURATION,
            "Opening a connection.").byDefault(Duration.ofSeconds(10));
    static final Section TIMEOUT_KEYS = Section.of(
            "Upper bounds on each external tool call; the process runner refuses calls without one.",
            DUMP_TIMEOUT, RESTORE_TIMEOUT, VERIFY_TIMEOUT, CONNECT_TIMEOUT);

    static final Key<Void> CONNECTION = Key.block("connection", CONNECTION_KEYS,
            "How to reach the server.").unset("all unset");
    static final Key<Path> BIN_DIR = Key.value("binDir", ValueTypes.PATH,
            "The directory holding `pg_dump` and the other PostgreSQL tools.").unset("unset: discovered from the server's version");
    static final Key<String> OS_USER = Key.value("osUser", ValueTypes.TEXT,
            "The OS user that owns the data directory; servers pgkeeper starts for this cluster run as this user when"
            + " pgkeeper runs as root. Letters, digits, `_`, `.` and `-`, up to 32, not starting with a digit, `.` or `-`.")
            .byDefault("postgres");
    static final Key<Void> LOGICAL = Key.block("logical", LogicalKeys.SECTION,
            "Logical backups: `pgkeeper dump`.").unset("defaults below");
    static final Key<Void> VERIFY = Key.block("verify", VerifyKeys.SECTION,
            "How `pgkeeper verify` proves a backup restores.").unset("defaults below");
    static final Key<Void> RETENTION = Key.block("retention", RetentionKeys.SECTION,
            "What `pgkeeper prune` keeps.").unset("keep everything");
    static final Key<Void> TIMEOUTS = Key.block("timeouts", TIMEOUT_KEYS,
            "Upper bounds on each external tool call.").unset("defaults below");
    static final Key<Path> PGDATA = Key.value("pgdata", ValueTypes.PATH,
            "The cluster's data directory on this host, when pgkeeper runs beside the server (used by the physical"
            + " path and `check`).");
    static final Key<Void> PHYSICAL = Key.block("physical", PhysicalKeys.SECTION,
            "Physical backups: `pgkeeper basebackup`.").unset("defaults below");
    static final Key<Void> ARCHIVE = Key.block("archive", ArchiveKeys.SECTION,
            "WAL archiving: `pgkeeper archive push/get/check`.").unset("defaults below");
    static final Key<Void> SCHEDULE = Key.block("schedule", OpsKeys.SCHEDULE_KEYS,
            "When jobs run; `pgkeeper schedule` renders it for cron or systemd.").unset("nothing scheduled");
    static final Key<Void> OBJECTIVES = Key.block("objectives", OpsKeys.OBJECTIVE_KEYS,
            "What `pgkeeper status` judges.").unset("none");

    static final Section SECTION = Section.of("One PostgreSQL cluster pgkeeper backs up.",
            CONNECTION, BIN_DIR, OS_USER, LOGICAL, VERIFY, RETENTION, TIMEOUTS, PGDATA, PHYSICAL, ARCHIVE, SCHEDULE, OBJECTIVES);

    private ClusterKeys() {}
}
