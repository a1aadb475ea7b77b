package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.Catalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creates a database as its dump describes it, and gives it the dump's properties once its
 * contents are restored: what {@code pg_restore --create} does, aimed at a name of pgkeeper's
 * choosing (a staging database, or a sandbox's). Shared by restore and verify.
 *
 * <p>Until its properties are applied the new database admits only its owner and superusers
 * (CONNECT and TEMPORARY are revoked from PUBLIC at once), so no role can read a half-restored
 * copy of a database it was never allowed into.
 */
public final class DatabaseCreator {
    private DatabaseCreator() {}

    /**
     * @param tablespaces whether the dump's tablespace may be used; a sandbox never touches the production server's directories
     * @return warnings: a missing tablespace or owner role
     */
    public static List<String> create(Connection c, String name, DatabaseProperties p, boolean tablespaces) {
        List<String> warnings = new ArrayList<>();
        boolean withTablespace = false;
        if (p.tablespace().isPresent() && tablespaces) {
            withTablespace = exists(c, "SELECT 1 FROM pg_tablespace WHERE spcname = ?", p.tablespace().get());
            if (!withTablespace) {
                warnings.add("tablespace \"" + p.tablespace().get() + "\" of database \"" + p.dumpedName()
                        + "\" does not exist on this server; the database was created in the default tablespace");
            }
        }
        try {
            execute(c, p.createSql(name, withTablespace));
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot create database \"" + name + "\" as \"" + p.dumpedName() + "\" was dumped ("
                    + p.describeLocale() + "): " + e.getMessage(), "the server needs the dump's encoding and locales (locale -a lists them)", e);
        }
        try {
            if (p.owner().isPresent()) {
                if (exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", p.owner().get())) {
                    execute(c, "ALTER DATABASE " + Catalog.ident(name) + " OWNER TO " + Catalog.ident(p.owner().get()));
                } else {
                    warnings.add("role \"" + p.owner().get() + "\", the owner of database \"" + p.dumpedName() + "\", does not exist on this server;"
                            + " the database is owned by the restoring role \"" + currentUser(c) + "\" instead; restore with --globals to create the backup's roles");
                }
            }
            execute(c, "REVOKE CONNECT, TEMPORARY ON DATABASE " + Catalog.ident(name) + " FROM PUBLIC");
        } catch (SQLException e) {
            String hint = "42501".equals(e.getSQLState()) && p.owner().isPresent()
                    ? "the restoring role must be a superuser, or a member of role \"" + p.owner().get() + "\" (see docs/privileges.md)" : null;
            throw PgKeeperException.failed("cannot prepare database \"" + name + "\" as \"" + p.dumpedName() + "\": " + e.getMessage(), hint, e);
        }
        return warnings;
    }

    /**
     * The dump's settings, role settings, ACL, comment, labels and connection limit, after PUBLIC's
     * default rights are given back. Statements that need a role this server lacks are skipped
     * with a warning. IS_TEMPLATE and ALLOW_CONNECTIONS wait for {@link #finish}: a template
     * cannot be dropped should a later step fail.
     */
    public static List<String> applyProperties(Connection c, String name, DatabaseProperties p) {
        List<String> warnings = new ArrayList<>();
        Set<String> roles = roles(c);
        String current = "";
        String grantorMissing = null;
        try {
            execute(c, "GRANT CONNECT, TEMPORARY ON DATABASE " + Catalog.ident(name) + " TO PUBLIC");
            for (PropertyStatement s : p.statements()) {
                current = s.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                if (s.kind() == PropertyStatement.Kind.TEMPLATE || s.kind() == PropertyStatement.Kind.ALLOW_CONNECTIONS) {
                    continue;
                }
                Optional<String> missing = s.roles().stream().filter(r -> !roles.contains(r)).findFirst();
                if (s.kind() == PropertyStatement.Kind.SESSION) {
                    // grants made by a role that does not exist here cannot be made in its name
                    grantorMissing = s.statement().startsWith("RESET") ? null : missing.orElse(null);
                    if (grantorMissing != null) {
                        continue;
                    }
                }
                String lacking = missing.orElse(grantorMissing);
                if (lacking != null) {
                    warnings.add("a " + current + " of database \"" + p.dumpedName() + "\" was not restored: role \""
                            + lacking + "\" does not exist on this server; restore with --globals to create the backup's roles");
                    continue;
                }
                execute(c, s.sql(name));
            }
        } catch (SQLException e) {
            resetSession(c);
            String hint = current.equals("role setting") ? "role settings need a restoring role with CREATEROLE, or a superuser (see docs/privileges.md)"
                    : "the restoring role must own the database (or be a member of its owner) or be a superuser; some settings need a superuser"
                            + " (see docs/privileges.md)";
            throw PgKeeperException.failed("cannot restore the " + current + " of database \"" + p.dumpedName() + "\": " + e.getMessage(), hint, e);
        }
        return warnings;
    }

    /** The properties that only make sense once the database has its final name. */
    public static void finish(Connection c, String name, DatabaseProperties p) {
        try {
            for (PropertyStatement s : p.statements()) {
                if (s.kind() == PropertyStatement.Kind.TEMPLATE || s.kind() == PropertyStatement.Kind.ALLOW_CONNECTIONS) {
                    execute(c, s.sql(name));
                }
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot mark database \"" + name + "\" as the dump says: " + e.getMessage(), null, e);
        }
    }

    /** The collation version the server gave the new database (PostgreSQL 15 and later), if it records one. */
    public static Optional<String> collationVersion(Connection c, String name) {
        try (PreparedStatement ps = c.prepareStatement("SELECT datcollversion FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            // servers before 15 have no datcollversion: nothing to compare
            return Optional.empty();
        }
    }

    private static void resetSession(Connection c) {
        try {
            execute(c, "RESET SESSION AUTHORIZATION");
        } catch (SQLException ignored) {
            // the connection is failing anyway; the caller's clean-up reports what it cannot do
        }
    }

    private static Set<String> roles(Connection c) {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT rolname FROM pg_roles")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot read the server's roles: " + e.getMessage(), null, e);
        }
        return out;
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean exists(Connection c, String sql, String arg) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("catalog query failed: " + e.getMessage(), null, e);
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
