package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Binds one entry of {@code clusters} to a {@link ClusterPolicy}; the keys are declared in {@link ClusterKeys}. */
final class ClusterBinder {
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** POSIX-portable user names, as useradd accepts them. */
    static final Pattern OS_USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");

    private final ScalarReader values;

    ClusterBinder(ScalarReader values) {
        this.values = values;
    }

    ClusterPolicy bind(String name, YamlMap cluster) {
        ConnectionPolicy connection = connection(cluster.child(ClusterKeys.CONNECTION));
        Optional<Path> binDir = cluster.optional(ClusterKeys.BIN_DIR);
        String osUser = osUser(cluster, ClusterKeys.OS_USER);
        LogicalPolicy logical = new LogicalBinder(values).bind(cluster.child(ClusterKeys.LOGICAL));
        VerifyPolicy verify = new VerifyBinder(values).bind(cluster.child(ClusterKeys.VERIFY));
        RetentionPolicy retention = new RetentionBinder(values).bind(cluster.child(ClusterKeys.RETENTION));
        TimeoutPolicy timeouts = timeouts(cluster.child(ClusterKeys.TIMEOUTS));
        Optional<Path> pgdata = cluster.optional(ClusterKeys.PGDATA);
        PhysicalPolicy physical = physical(cluster.child(ClusterKeys.PHYSICAL), cluster);
        ArchivePolicy archive = archive(cluster.child(ClusterKeys.ARCHIVE), physical.engine());
        OpsBinder ops = new OpsBinder(values);
        SchedulePolicy schedule = ops.schedule(cluster.child(ClusterKeys.SCHEDULE));
        ObjectivesPolicy objectives = ops.objectives(cluster.child(ClusterKeys.OBJECTIVES));
        cluster.finish();
        return new ClusterPolicy(name, connection, binDir, osUser, logical, verify, retention, timeouts, pgdata, physical, archive,
                schedule, objectives);
    }

    /** Shared with the verify sandbox, which names an OS user the same way. */
    static String osUser(YamlMap map, Key<String> key) {
        Optional<String> user = map.optional(key);
        if (user.isPresent() && !OS_USER.matcher(user.get()).matches()) {
            map.node(key).ifPresent(n -> map.problems().at(n, map.path(key) + " must be an OS user name"
                    + " (letters, digits, '_', '.', '-'; got '" + user.get() + "')"));
            return key.defaultValue();
        }
        return user.orElseGet(key::defaultValue);
    }

    private ConnectionPolicy connection(YamlMap c) {
        Optional<String> host = c.optional(ClusterKeys.HOST);
        if (host.isPresent() && !validHost(host.get())) {
            c.node(ClusterKeys.HOST).ifPresent(n -> c.problems().at(n, c.path(ClusterKeys.HOST) + " must be a host name,"
                    + " an IP address or an absolute socket directory (got '" + host.get() + "')"));
        }
        Optional<Integer> port = c.optional(ClusterKeys.PORT);
        Optional<String> user = c.optional(ClusterKeys.USER);
        Optional<String> dbname = c.optional(ClusterKeys.DBNAME);
        Optional<Path> passfile = c.optional(ClusterKeys.PASSFILE);
        Optional<String> passwordEnv = c.optional(ClusterKeys.PASSWORD_ENV);
        if (passwordEnv.isPresent() && !ENV_NAME.matcher(passwordEnv.get()).matches()) {
            c.node(ClusterKeys.PASSWORD_ENV).ifPresent(n -> c.problems().at(n, c.path(ClusterKeys.PASSWORD_ENV) + " must be"
                    + " the name of an environment variable such as PGKEEPER_MAIN_PASSWORD, not the password itself (got a"
                    + " value that is not a variable name)"));
        }
        c.finish(); // also refuses password, and passwordEnv with passfile
        return new ConnectionPolicy(host, port, user, dbname, passfile, passwordEnv);
    }

    /** libpq accepts a comma-separated list; a path must be absolute to be a socket directory. */
    private static boolean validHost(String host) {
        for (String one : host.split(",", -1)) {
            if (one.isEmpty() || one.chars().anyMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch))) {
                return false;
            }
            if (one.contains("/") && !one.startsWith("/")) {
                return false;
            }
        }
        return true;
    }

    private PhysicalPolicy physical(YamlMap p, YamlMap cluster) {
        PhysicalEngine engine = p.value(PhysicalKeys.ENGINE);
        PhysicalPolicy bound = new PhysicalPolicy(
                engine,
                p.optional(PhysicalKeys.COMPRESS),
                p.value(PhysicalKeys.CHECKPOINT),
                p.optional(PhysicalKeys.MAX_RATE),
                new PgBackRestBinder(values).bind(p, engine, cluster));
        p.finish();
        return bound;
    }

    private ArchivePolicy archive(YamlMap a, PhysicalEngine engine) {
        ArchivePolicy bound = new ArchivePolicy(a.value(ArchiveKeys.COMPRESS), a.optional(ArchiveKeys.LAUNCHER), a.value(ArchiveKeys.ASYNC),
                a.value(ArchiveKeys.PROCESS_MAX), a.optional(ArchiveKeys.SPOOL_DIR), a.value(ArchiveKeys.GET_QUEUE_SIZE),
                a.value(ArchiveKeys.BACKLOG_WARNING));
        if (bound.async() && engine == PhysicalEngine.PGBACKREST) {
            // pgbackrest archive-push does the pushing with that engine: pgkeeper's spool would never see a segment
            a.node(ArchiveKeys.ASYNC).ifPresent(n -> a.problems().at(n, a.path(ArchiveKeys.ASYNC) + " applies to the pg_basebackup"
                    + " engine; with physical.engine pgbackrest set archive-async (and process-max, spool-path) in"
                    + " physical.pgbackrest.options, which pgBackRest's own archive-push reads"));
        }
        a.finish();
        return bound;
    }

    private TimeoutPolicy timeouts(YamlMap t) {
        TimeoutPolicy bound = new TimeoutPolicy(
                t.value(ClusterKeys.DUMP_TIMEOUT),
                t.value(ClusterKeys.RESTORE_TIMEOUT),
                t.value(ClusterKeys.VERIFY_TIMEOUT),
                t.value(ClusterKeys.CONNECT_TIMEOUT));
        t.finish();
        return bound;
    }
}
