package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.engine.BackupType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Argv for pgbackrest. Every call names the config file and the stanza, keeps its console quiet
 * (stdout is either JSON pgkeeper reads or nothing) and its errors on stderr, where pgkeeper
 * reads "ERROR: [NNN]: ..." from. Secrets never appear here: they live in the config file or in
 * PGBACKREST_* variables.
 */
public final class PgBackRest {

    /** The binary, the config file passed with --config, and the stanza. */
    public record Invocation(Path binary, Path config, String stanza) {}

    /**
     * What a restore does. {@code type} is pgbackrest's --type (time, lsn, xid, name, immediate,
     * or empty for replaying all WAL); {@code target} goes with it except for immediate.
     */
    public record Restore(Path pgdata, Optional<String> set, boolean delta, Optional<String> type, Optional<String> target,
            Optional<String> targetAction, Optional<String> targetTimeline, boolean archiveModeOff, java.util.Map<String, Path> tablespaceMap,
            Optional<Path> tablespaceMapAll, List<String> recoveryOptions) {

        public Restore {
            tablespaceMap = java.util.Map.copyOf(tablespaceMap);
            recoveryOptions = List.copyOf(recoveryOptions);
        }

        /** Tablespaces where the backup had them, no extra recovery options. */
        public Restore(Path pgdata, Optional<String> set, boolean delta, Optional<String> type, Optional<String> target,
                Optional<String> targetAction, Optional<String> targetTimeline, boolean archiveModeOff) {
            this(pgdata, set, delta, type, target, targetAction, targetTimeline, archiveModeOff, java.util.Map.of(), Optional.empty(), List.of());
        }
    }

    private PgBackRest() {}

    public static List<String> stanzaCreate(Invocation inv) {
        return base(inv, "stanza-create");
    }

    public static List<String> stanzaUpgrade(Invocation inv) {
        return base(inv, "stanza-upgrade");
    }

    public static List<String> check(Invocation inv) {
        return base(inv, "check");
    }

    public static List<String> backup(Invocation inv, BackupType type) {
        List<String> a = base(inv, "backup");
        a.add("--type=" + type.flag());
        return a;
    }

    public static List<String> info(Invocation inv) {
        List<String> a = base(inv, "info");
        a.add("--output=json");
        return a;
    }

    public static List<String> archivePush(Invocation inv, String walPath) {
        List<String> a = base(inv, "archive-push");
        a.add(walPath);
        return a;
    }

    public static List<String> archiveGet(Invocation inv, String walName, String dest) {
        List<String> a = base(inv, "archive-get");
        a.add(walName);
        a.add(dest);
        return a;
    }

    public static List<String> restore(Invocation inv, Restore r) {
        List<String> a = base(inv, "restore");
        a.add("--pg1-path=" + r.pgdata());
        r.set().ifPresent(s -> a.add("--set=" + s));
        if (r.delta()) {
            a.add("--delta");
        }
        r.type().ifPresent(t -> a.add("--type=" + t));
        r.target().ifPresent(t -> a.add("--target=" + t));
        r.targetAction().ifPresent(t -> a.add("--target-action=" + t));
        r.targetTimeline().ifPresent(t -> a.add("--target-timeline=" + t));
        if (r.archiveModeOff()) {
            a.add("--archive-mode=off");
        }
        new java.util.TreeMap<>(r.tablespaceMap()).forEach((oid, path) -> a.add("--tablespace-map=" + oid + "=" + path));
        r.tablespaceMapAll().ifPresent(p -> a.add("--tablespace-map-all=" + p));
        r.recoveryOptions().forEach(o -> a.add("--recovery-option=" + o));
        return a;
    }

    /** Text output with --verbose: the per-backup and per-archive lines pgkeeper reads, whatever the exit code. */
    public static List<String> verify(Invocation inv) {
        List<String> a = base(inv, "verify");
        a.add("--output=text");
        a.add("--verbose");
        return a;
    }

    /** The plan and result of expire are pgbackrest's INFO log lines, so the console shows them here. */
    public static List<String> expire(Invocation inv, boolean dryRun) {
        List<String> a = new ArrayList<>(List.of(inv.binary().toString(), "--config=" + inv.config(), "--stanza=" + inv.stanza(),
                "--log-level-console=info", "--log-level-stderr=warn"));
        if (dryRun) {
            a.add("--dry-run");
        }
        a.add("expire");
        return a;
    }

    private static List<String> base(Invocation inv, String command) {
        return new ArrayList<>(List.of(inv.binary().toString(), "--config=" + inv.config(), "--stanza=" + inv.stanza(),
                "--log-level-console=off", "--log-level-stderr=warn", command));
    }
}
