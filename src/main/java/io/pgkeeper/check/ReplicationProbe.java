package io.pgkeeper.check;

import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.ReplicationConnection;
import io.pgkeeper.postgres.ServerInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens a real replication connection, as pg_basebackup does, and runs IDENTIFY_SYSTEM. Only
 * that tests the pg_hba.conf {@code replication} lines (which only superusers can read), the
 * REPLICATION privilege and max_wal_senders together; a failure names the line to add.
 */
final class ReplicationProbe {
    private ReplicationProbe() {}

    static void run(CheckContext cc, PgAccess access, Connection c, ServerInfo server, List<Finding> out) throws SQLException {
        String user = Sql.one(c, "SELECT current_user").orElse(access.user());
        String senders = Sql.setting(c, "max_wal_senders");
        try {
            ReplicationConnection.Identity id = ReplicationConnection.identifySystem(access);
            String evidence = "IDENTIFY_SYSTEM: systemid " + id.systemIdentifier() + ", timeline " + id.timeline() + ", xlogpos " + id.xlogpos();
            if (!server.systemIdentifier().isEmpty() && !server.systemIdentifier().equals(id.systemIdentifier())) {
                out.add(Finding.fail("replication", "the replication connection reached another server (system identifier "
                        + id.systemIdentifier() + ", not " + server.systemIdentifier() + ")", "check connection.host and connection.port", evidence));
                return;
            }
            out.add(Finding.ok("replication", "replication connection as " + user + " to " + access.describe() + " works (max_wal_senders "
                    + senders + ")", evidence));
        } catch (SQLException e) {
            String reason = Sql.reason(e);
            // a role given REPLICATION is meant to take base backups: its refusal fails even before the first one
            boolean meant = cc.physical() || Sql.one(c, "SELECT rolreplication::text FROM pg_roles WHERE rolname = current_user")
                    .map(Boolean::parseBoolean).orElse(false);
            out.add(Finding.failOrWarn(meant, "replication", "a replication connection as " + user + " to " + access.describe()
                    + " is refused: " + reason, fix(c, access, user, reason, e.getSQLState()), "server: " + reason));
        }
    }

    private static String fix(Connection c, PgAccess access, String user, String reason, String state) throws SQLException {
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("pg_hba.conf")) {
            return "add to pg_hba.conf: " + hbaLine(c, access, user) + ", then reload the server (SELECT pg_reload_conf())";
        }
        if (lower.contains("replication role") || lower.contains("permission denied to start wal sender") || "42501".equals(state)) {
            return "as a superuser: ALTER ROLE " + quoteIdent(user) + " REPLICATION";
        }
        if (lower.contains("max_wal_senders")) {
            return "set max_wal_senders = 10 in postgresql.conf and restart the server";
        }
        if (lower.contains("password")) {
            return "give the role's password for database 'replication' (or '*') in connection.passfile, or use connection.passwordEnv";
        }
        return "pg_basebackup will fail the same way: fix the server's reason above";
    }

    /**
     * The pg_hba.conf line that admits this connection: the client address the server sees, and
     * the server's password_encryption as the method (what its stored passwords can answer).
     */
    static String hbaLine(Connection c, PgAccess access, String user) throws SQLException {
        String method = Sql.setting(c, "password_encryption");
        method = method.equals("md5") ? "md5" : "scram-sha-256";
        Optional<String> addr = Sql.one(c, "SELECT host(inet_client_addr())");
        if (addr.isEmpty()) {
            return "local replication " + user + " " + method;
        }
        String a = addr.get();
        return "host replication " + user + " " + a + (a.contains(":") ? "/128" : "/32") + " " + method;
    }

    private static String quoteIdent(String s) {
        return s.matches("[a-z_][a-z0-9_$]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
