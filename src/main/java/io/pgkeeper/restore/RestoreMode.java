package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which restore a command line asks for, and the rule that every option given is one that
 * restore honours; pure. An option a mode would ignore is refused (exit 2) naming the option and
 * what to do: restoring the latest dump when a target time was asked for, or leaving out a
 * --force, would be a silent surprise.
 */
public enum RestoreMode {
    /** --database: one database of a logical dump. */
    LOGICAL(Set.of("--database", "--into", "--jobs", "--clean", "--globals")),
    /** --all: every database of a logical dump. */
    ALL(Set.of("--all", "--jobs", "--clean", "--globals")),
    /** --pgdata: a base backup into a data directory. */
    PHYSICAL(Set.of("--pgdata", "--target-time", "--target-lsn", "--target-xid", "--target-name", "--target-immediate", "--target-action",
            "--target-timeline", "--force", "--tablespace-map", "--standby", "--primary-conninfo", "--start", "--port", "--archive")),
    /** --database with a --target-*: one database (or tables) recovered from a physical backup in a sandbox. */
    POINT_IN_TIME(Set.of("--database", "--target-time", "--target-lsn", "--target-xid", "--target-name", "--target-immediate",
            "--target-action", "--target-timeline", "--into", "--table", "--into-schema", "--jobs", "--clean"));

    /** Every mode takes these. */
    private static final Set<String> COMMON = Set.of("--backup", "--lock-wait");
    public static final List<String> TARGETS = List.of("--target-time", "--target-lsn", "--target-xid", "--target-name", "--target-immediate");

    private final Set<String> options;

    RestoreMode(Set<String> options) {
        this.options = options;
    }

    /** Every option of restore's own, in any mode. */
    public static Set<String> options() {
        Set<String> all = new java.util.TreeSet<>(COMMON);
        for (RestoreMode m : values()) {
            all.addAll(m.options);
        }
        all.add("--all");
        all.add("--pgdata");
        return all;
    }

    /**
     * The mode of a command line and the check that it honours every option given.
     *
     * @param given restore's own options on the command line, by their long names ({@code --archive}
     *     also for {@code --no-archive}); global options such as --json are not restore's
     * @param targetAction the --target-action given, when it was
     */
    public static RestoreMode of(Set<String> given, java.util.Optional<String> targetAction) {
        if (given.contains("--all") && (given.contains("--database") || given.contains("--into") || given.contains("--pgdata"))) {
            throw PgKeeperException.usage("--all restores every database under its own name: it excludes --database, --into and --pgdata",
                    "leave out --all to restore one database, or the others to restore them all");
        }
        if (given.contains("--pgdata") && given.contains("--database")) {
            throw PgKeeperException.usage("--database (one database) and --pgdata (a whole cluster into a data directory) exclude each other",
                    "to bring back one database as of a point in time, leave out --pgdata: --database DB --target-time T --into NAME");
        }
        RestoreMode mode = given.contains("--all") ? ALL : given.contains("--pgdata") ? PHYSICAL
                : given.contains("--database") ? (TARGETS.stream().anyMatch(given::contains) ? POINT_IN_TIME : LOGICAL) : null;
        if (mode == null) {
            throw PgKeeperException.usage("say what to restore: --database DB or --all for a logical backup, --pgdata DIR for a physical one,"
                    + " or --database DB with a --target-* for one database as of a point in time", "see pgkeeper restore --help");
        }
        for (String option : given.stream().sorted().toList()) {
            if (!COMMON.contains(option) && !mode.options.contains(option)) {
                throw PgKeeperException.usage(option + " " + mode.refusal(option), mode.hint(option));
            }
        }
        mode.combinations(given, targetAction);
        return mode;
    }

    /** Options of the mode that exclude or need each other. */
    private void combinations(Set<String> given, java.util.Optional<String> targetAction) {
        boolean target = TARGETS.stream().anyMatch(given::contains);
        if (this == PHYSICAL && given.contains("--standby")) {
            for (String o : List.of("--target-action", "--target-timeline")) {
                if (given.contains(o)) {
                    throw PgKeeperException.usage(o + " is not used by a replica (--standby): it follows its primary's latest timeline and never"
                            + " stops at a target", "leave out " + o + ", or --standby for a point-in-time copy");
                }
            }
        }
        if (this == PHYSICAL && given.contains("--target-action") && !target) {
            throw PgKeeperException.usage("--target-action says what the server does at a recovery target, and none was given: without one"
                    + " recovery replays the whole archive and promotes", "add --target-time, --target-lsn, --target-xid, --target-name or"
                    + " --target-immediate, or leave out --target-action");
        }
        if (this == POINT_IN_TIME) {
            if (targetAction.isPresent() && !targetAction.get().equalsIgnoreCase("promote")) {
                throw PgKeeperException.usage("--target-action " + targetAction.get() + " cannot be honoured: the sandbox that recovers the"
                        + " database must promote at the target so that it can be dumped", "leave out --target-action (promote is the default)");
            }
            if (given.contains("--into-schema") && !given.contains("--table")) {
                throw PgKeeperException.usage("--into-schema names the schema that restored tables go into, and no --table was given",
                        "add --table SCHEMA.NAME (repeatable), or leave out --into-schema to restore the whole database under --into");
            }
            if (given.contains("--clean") && given.contains("--table")) {
                throw PgKeeperException.usage("--clean replaces a whole database, and --table never replaces anything: the tables go into a new"
                        + " schema of an existing database (or into a new database)", "leave out --clean; to replace the whole database leave out --table");
            }
        }
    }

    /** Why this mode cannot honour an option; the message starts with the option's name. */
    private String refusal(String option) {
        String what = switch (this) {
            case LOGICAL -> "a logical restore of one database";
            case ALL -> "a logical restore of every database (--all)";
            case PHYSICAL -> "a physical restore into a data directory (--pgdata)";
            case POINT_IN_TIME -> "the point-in-time restore of one database (--database with --target-*)";
        };
        return "cannot be honoured by " + what + ": " + PURPOSE.getOrDefault(option, "it is not an option of this restore");
    }

    private String hint(String option) {
        if (this == POINT_IN_TIME) {
            return switch (option) {
                case "--force" -> "leave out --force; --clean replaces an existing database once the restored one is whole";
                case "--globals" -> "leave out --globals and create missing roles first (pgkeeper restore --all --globals from a logical"
                        + " backup brings roles back)";
                default -> "leave out " + option + ": the sandbox picks a private port, keeps tablespaces inside itself, never archives and is"
                        + " removed at the end; use --pgdata DIR instead of --database to restore a whole cluster";
            };
        }
        if (this == PHYSICAL) {
            return switch (option) {
                case "--clean" -> "leave out --clean; --force replaces a stopped data directory";
                case "--into", "--table", "--into-schema" -> "to bring back one database or table as of a point in time, leave out --pgdata:"
                        + " --database DB --target-time T --into NAME [--table SCHEMA.NAME]";
                default -> "leave out " + option;
            };
        }
        if (option.startsWith("--target-") || option.equals("--table") || option.equals("--into-schema")) {
            return this == ALL ? "leave out " + option + "; to bring back one database as of a point in time use --database DB --target-time T"
                    + " --into NAME without --all"
                    : "give a --target-time, --target-lsn, --target-xid, --target-name or --target-immediate to recover database and tables from"
                            + " a physical backup, or leave out " + option + " to restore the logical dump as it was taken";
        }
        return option.equals("--force") ? "leave out --force; --clean replaces an existing database once the restored one is whole"
                : "leave out " + option + "; it is for a physical restore into a data directory (--pgdata DIR)";
    }

    /** What each option is for, as the refusal explains it. */
    private static final Map<String, String> PURPOSE = Map.ofEntries(
            Map.entry("--target-time", "a recovery target is reached by replaying WAL from a physical backup, and a logical dump has no WAL"),
            Map.entry("--target-lsn", "a recovery target is reached by replaying WAL from a physical backup, and a logical dump has no WAL"),
            Map.entry("--target-xid", "a recovery target is reached by replaying WAL from a physical backup, and a logical dump has no WAL"),
            Map.entry("--target-name", "a recovery target is reached by replaying WAL from a physical backup, and a logical dump has no WAL"),
            Map.entry("--target-immediate", "a recovery target is reached by replaying WAL from a physical backup, and a logical dump has no WAL"),
            Map.entry("--target-action", "it says what a recovering server does at its target, and this restore recovers nothing"),
            Map.entry("--target-timeline", "it says which timeline recovery follows, and this restore recovers nothing"),
            Map.entry("--force", "it replaces a stopped data directory (--pgdata)"),
            Map.entry("--tablespace-map", "it places the tablespaces of a base backup restored into --pgdata"),
            Map.entry("--standby", "it makes a data directory (--pgdata) a replica"),
            Map.entry("--primary-conninfo", "it sets the primary of a replica restored into --pgdata"),
            Map.entry("--start", "it starts a data directory restored into --pgdata"),
            Map.entry("--port", "it sets the port of a data directory restored into --pgdata"),
            Map.entry("--archive", "it decides whether a data directory restored into --pgdata archives"),
            Map.entry("--into", "it names a database, and a physical restore writes a data directory"),
            Map.entry("--jobs", "it sets pg_restore's parallel jobs, and a physical restore extracts tar archives"),
            Map.entry("--clean", "it replaces an existing database, and a physical restore writes a data directory"),
            Map.entry("--globals", "it creates the roles and tablespaces of a logical dump's globals, which this restore does not read"),
            Map.entry("--table", "it brings back single tables from a physical backup recovered to a --target-*"),
            Map.entry("--into-schema", "it names the schema that tables restored with --table go into"));
}
