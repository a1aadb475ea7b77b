package io.pgkeeper.policy;

import io.pgkeeper.archive.Compression;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Binds one entry of {@code clusters} to a {@link ClusterPolicy}. */
final class ClusterBinder {
    static final String DEFAULT_OS_USER = "postgres";
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** POSIX-portable user names, as useradd accepts them. */
    static final Pattern OS_USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");

    private final ScalarReader values;

    ClusterBinder(ScalarReader values) {
        this.values = values;
    }

    ClusterPolicy bind(String name, Node node) {
        YamlMap cluster = YamlMap.of(node, "clusters." + name, values);
        ConnectionPolicy connection = connection(cluster.child("connection"));
        Optional<Path> binDir = cluster.filePath("binDir");
        String osUser = osUser(cluster, "osUser");
        LogicalPolicy logical = new LogicalBinder(values).bind(cluster.child("logical"));
        VerifyPolicy verify = new VerifyBinder(values).bind(cluster.child("verify"));
        RetentionPolicy retention = new RetentionBinder(values).bind(cluster.child("retention"));
        TimeoutPolicy timeouts = timeouts(cluster.child("timeouts"));
        Optional<Path> pgdata = cluster.filePath("pgdata");
        PhysicalPolicy physical = physical(cluster.child("physical"), cluster);
        ArchivePolicy archive = archive(cluster.child("archive"));
        OpsBinder ops = new OpsBinder(values);
        SchedulePolicy schedule = ops.schedule(cluster.child("schedule"));
        ObjectivesPolicy objectives = ops.objectives(cluster.child("objectives"));
        cluster.finish();
        return new ClusterPolicy(name, connection, binDir, osUser, logical, verify, retention, timeouts, pgdata, physical, archive,
                schedule, objectives);
    }

    /** Shared with the verify sandbox, which names an OS user the same way. */
    static String osUser(YamlMap map, String key) {
        Optional<String> user = map.text(key);
        if (user.isPresent() && !OS_USER.matcher(user.get()).matches()) {
            map.get(key).ifPresent(n -> map.problems().at(n, map.path(key) + " must be an OS user name"
                    + " (letters, digits, '_', '.', '-'; got '" + user.get() + "')"));
            return DEFAULT_OS_USER;
        }
        return user.orElse(DEFAULT_OS_USER);
    }

    private ConnectionPolicy connection(YamlMap c) {
        c.forbid("password", "is not allowed: secrets never go in the policy; use passfile (a libpq"
                + " password file) or passwordEnv (the name of an environment variable holding the password)");
        Optional<String> host = c.text("host");
        if (host.isPresent() && !validHost(host.get())) {
            c.get("host").ifPresent(n -> c.problems().at(n, c.path("host") + " must be a host name, an IP address"
                    + " or an absolute socket directory (got '" + host.get() + "')"));
        }
        Optional<Integer> port = c.optionalInteger("port", 1, 65535);
        Optional<String> user = c.text("user");
        Optional<String> dbname = c.text("dbname");
        Optional<Path> passfile = c.filePath("passfile");
        Optional<String> passwordEnv = c.text("passwordEnv");
        if (passwordEnv.isPresent() && !ENV_NAME.matcher(passwordEnv.get()).matches()) {
            c.get("passwordEnv").ifPresent(n -> c.problems().at(n, c.path("passwordEnv") + " must be the name of an"
                    + " environment variable such as PGKEEPER_MAIN_PASSWORD, not the password itself (got a value"
                    + " that is not a variable name)"));
        }
        if (c.has("passfile") && c.has("passwordEnv")) {
            c.keyNode("passwordEnv").ifPresent(k -> c.problems().at(k, c.path("passwordEnv") + " and "
                    + c.path("passfile") + " are both set; use one of them"));
        }
        c.finish();
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
        PhysicalPolicy d = PhysicalPolicy.defaults();
        PhysicalEngine engine = p.choice("engine", d.engine(), Map.of("pg_basebackup", PhysicalEngine.PG_BASEBACKUP, "pgbackrest", PhysicalEngine.PGBACKREST));
        PhysicalPolicy bound = new PhysicalPolicy(
                engine,
                p.text("compress"),
                p.choice("checkpoint", d.checkpoint(), Map.of("fast", PhysicalPolicy.Checkpoint.FAST, "spread", PhysicalPolicy.Checkpoint.SPREAD)),
                p.text("maxRate"),
                new PgBackRestBinder(values).bind(p, engine, cluster));
        p.finish();
        return bound;
    }

    private ArchivePolicy archive(YamlMap a) {
        ArchivePolicy bound = new ArchivePolicy(a.choice("compress", ArchivePolicy.defaults().compress(),
                Map.of("none", Compression.NONE, "gzip", Compression.GZIP, "zstd", Compression.ZSTD)), a.text("launcher"));
        a.finish();
        return bound;
    }

    private TimeoutPolicy timeouts(YamlMap t) {
        TimeoutPolicy d = TimeoutPolicy.defaults();
        TimeoutPolicy bound = new TimeoutPolicy(
                t.duration("dump", d.dump()),
                t.duration("restore", d.restore()),
                t.duration("verify", d.verify()),
                t.duration("connect", d.connect()));
        t.finish();
        return bound;
    }
}
