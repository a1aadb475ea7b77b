package io.pgkeeper.recovery;

import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Asks a running copy where recovery stands, with psql through the one process runner.
 *
 * <p>Why psql and not JDBC: a restored copy runs production's {@code pg_hba.conf}, and the
 * policy's credentials are usually for production's port (a passfile line for 5432 does not
 * match a copy on 5433). The copy's own Unix socket, reached as the server's OS user, needs no
 * password under the usual {@code local ... peer} rule, and only libpq speaks Unix sockets. So
 * the logins are tried in order, the server's OS user first, then the policy's role with its
 * credentials; when all are refused the wait ends at once with every reason, instead of polling
 * until the timeout.
 */
public final class PsqlProbe {
    static final String SQL = "SELECT pg_is_in_recovery(), "
            + "CASE WHEN pg_is_in_recovery() THEN (CASE WHEN pg_is_wal_replay_paused() THEN 'paused' ELSE 'replaying' END) ELSE '' END, "
            + "coalesce(pg_last_wal_replay_lsn()::text, ''), "
            + "coalesce(to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), ''), "
            + "CASE WHEN pg_is_in_recovery() THEN '' ELSE substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) END";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final ProcessRunner runner;
    private final String psql;
    private final List<Login> logins;
    private Login working;

    public PsqlProbe(ProcessRunner runner, String psql, List<Login> logins) {
        this.runner = runner;
        this.psql = psql;
        this.logins = List.copyOf(logins);
    }

    public ProbeResult probe(PidFile pid) {
        Optional<String> host = pid.host();
        if (host.isEmpty()) {
            return new ProbeResult.AuthFailed(List.of("the copy listens on no socket and no TCP address (unix_socket_directories and listen_addresses are empty)"));
        }
        boolean socket = host.get().startsWith("/");
        List<String> refused = new ArrayList<>();
        List<Login> order = new ArrayList<>();
        if (working != null) {
            order.add(working);
        }
        logins.stream().filter(l -> !l.equals(working)).forEach(order::add);
        for (Login login : order) {
            if (login.socketOnly() && !socket) {
                refused.add(login.describe() + ": not possible, the copy has no Unix socket");
                continue;
            }
            for (String db : List.of("postgres", "template1")) {
                ToolResult r = runner.run(call(login, host.get(), pid.port(), db));
                if (r.ok()) {
                    working = login;
                    return parse(r.stdout());
                }
                String err = String.join(" ", r.stderrTail());
                if (err.contains("database \"" + db + "\" does not exist")) {
                    continue;
                }
                if (refusedLogin(err)) {
                    refused.add(login.describe() + ": " + reason(err));
                    break;
                }
                return new ProbeResult.NotYet(err.isEmpty() ? "psql exited with " + r.exitCode() : err);
            }
        }
        return new ProbeResult.AuthFailed(refused);
    }

    private ToolCall call(Login login, String host, int port, String db) {
        List<String> argv = List.of(psql, "-X", "-A", "-t", "-q", "-w", "-F", "|", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", Integer.toString(port),
                "-U", login.role(), "-d", db, "-c", SQL);
        Map<String, String> env = new HashMap<>(login.env());
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        env.put("PGCONNECT_TIMEOUT", "5");
        env.put("PGAPPNAME", "pgkeeper-recovery-wait");
        env.remove("PGHOST");
        env.remove("PGPORT");
        env.remove("PGUSER");
        // from /, which every OS user may enter: pgkeeper's own working directory may be root's home
        return ToolCall.of("psql", argv, env, CALL_TIMEOUT).withStdout(ToolCall.Stdout.capture()).runningAs(login.runAs())
                .withWorkDir(java.nio.file.Path.of("/"));
    }

    static ProbeResult parse(String stdout) {
        String line = stdout.strip();
        String[] f = line.split("\\|", -1);
        if (f.length < 5) {
            return new ProbeResult.NotYet("unexpected answer from psql: " + line);
        }
        return new ProbeResult.State(f[0].equals("t"), f[1].equals("paused"), f[2], f[3], f[4]);
    }

    /** The server refused this login (as opposed to "not yet accepting connections"). */
    static boolean refusedLogin(String err) {
        String e = err.toLowerCase(Locale.ROOT);
        return e.contains("authentication failed") || e.contains("no password supplied") || e.contains("no pg_hba.conf entry")
                || e.contains("role \"") && e.contains("does not exist") || e.contains("password authentication")
                || e.contains("permission denied") || e.contains("is not permitted to log in");
    }

    private static String reason(String err) {
        int at = err.indexOf("FATAL:");
        String r = at >= 0 ? err.substring(at) : err;
        return r.replaceAll("\\s+", " ").strip();
    }
}
