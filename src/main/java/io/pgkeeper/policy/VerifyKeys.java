package io.pgkeeper.policy;

import java.nio.file.Path;
import java.time.Duration;

/** {@code clusters.<name>.verify}: the sandbox, the row count tolerance and the SQL checks. */
final class VerifyKeys {
    static final Key<String> SANDBOX_OS_USER = Key.value("osUser", ValueTypes.TEXT,
            "Who runs the throwaway server when pgkeeper runs as root; the same rules as the cluster's `osUser`.")
            .byDefault("postgres");
    static final Key<Path> SANDBOX_BASE_DIR = Key.value("baseDir", ValueTypes.PATH,
            "Where the sandbox's temporary directory goes: `verify-XXXXXX`, or `restore-XXXXXX` for a point-in-time restore"
            + " of one database, which needs room for the whole cluster and its WAL.").unset("unset: the system temp directory");
    static final Section SANDBOX_KEYS = Section.of("The throwaway server a backup is restored into: by verify, and by"
            + " `restore --database DB --target-*`, which recovers a base backup there to dump one database from it.",
            SANDBOX_OS_USER, SANDBOX_BASE_DIR);

    static final Key<String> NAME = Key.value("name", ValueTypes.TEXT,
            "Unique within the cluster.").required();
    static final Key<String> DATABASE = Key.value("database", ValueTypes.TEXT,
            "The database the query runs in.").required();
    static final Key<String> SQL = Key.value("sql", ValueTypes.TEXT,
            "The query; it should return one value.").required();
    static final Key<String> EXPECT = Key.value("expect", ValueTypes.anyText("text or number"),
            "A comparison or a literal. A comparison is an operator (`=`, `!=`, `<`, `<=`, `>`, `>=`) followed by a"
            + " number, as in `\">= 1000\"` (always quote it: YAML gives a leading `>` or `!` its own meaning). Any"
            + " other text must equal the result exactly. A value starting with an operator but not followed by a"
            + " number (`\">= lots\"`) is a problem. A bare number (`expect: 42`) is kept as written, `42`.");
    static final Key<Duration> FRESH = Key.value("fresh", ValueTypes.DURATION,
            "The value is a timestamp no older than this before the backup started.");
    static final Section CHECK_KEYS = Section.of("One SQL check verify runs against the restored copy.",
            NAME, DATABASE, SQL, EXPECT, FRESH)
            .exactlyOne(EXPECT, FRESH, "a check has exactly one of them",
                    "needs expect (a comparison such as '>= 1000', or text) or fresh (a duration such as 24h)");

    static final Key<Void> SANDBOX = Key.block("sandbox", SANDBOX_KEYS,
            "The throwaway server.").unset("defaults below");
    static final Key<Double> ROW_COUNT_TOLERANCE = Key.value("rowCountTolerance", ValueTypes.decimal(0, 1),
            "The allowed relative difference between a restored table's row count and the planner estimate"
            + " recorded at backup time (`fingerprint: estimate`), e.g. `0.1` for 10%.").byDefault(0.1);
    static final Key<Void> CHECKS = Key.list("checks", CHECK_KEYS,
            "SQL checks run against the restored copy.").unset("none");

    static final Section SECTION = Section.of("How `pgkeeper verify` proves a backup restores.",
            SANDBOX, ROW_COUNT_TOLERANCE, CHECKS);

    private VerifyKeys() {}
}
