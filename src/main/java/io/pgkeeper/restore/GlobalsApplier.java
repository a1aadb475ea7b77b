package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a backup's globals to a server, skipping every statement about a role or tablespace
 * that already existed there. Statements are never echoed: they may hold password hashes.
 */
public final class GlobalsApplier {
    private GlobalsApplier() {}

    /** Roles created, and existing roles left untouched. */
    public record Outcome(List<String> createdRoles, List<String> skippedRoles) {}

    public static Outcome apply(Connection c, String script) {
        Set<String> roles = names(c, "SELECT rolname FROM pg_roles");
        Set<String> tablespaces = names(c, "SELECT spcname FROM pg_tablespace");
        Set<String> created = new TreeSet<>();
        Set<String> skipped = new TreeSet<>();
        for (GlobalsScript.Statement st : GlobalsScript.parse(script)) {
            boolean exists = switch (st.subject()) {
                case ROLE -> roles.contains(st.name());
                case TABLESPACE -> tablespaces.contains(st.name());
                case NONE -> false;
            };
            if (exists) {
                if (st.subject() == GlobalsScript.Subject.ROLE) {
                    skipped.add(st.name());
                }
                continue;
            }
            try (Statement s = c.createStatement()) {
                s.execute(st.sql());
            } catch (SQLException e) {
                String about = st.subject() == GlobalsScript.Subject.NONE ? "a global setting" : st.subject().name().toLowerCase() + " \"" + st.name() + "\"";
                String hint = st.subject() == GlobalsScript.Subject.TABLESPACE
                        ? "create the tablespace's directory on this server first (empty, owned by the server's OS user), or restore without --globals"
                        : "create the role by hand, or restore without --globals";
                throw PgKeeperException.failed("applying the backup's globals failed at a statement about " + about + ": " + e.getMessage(), hint, e);
            }
            if (st.subject() == GlobalsScript.Subject.ROLE && st.sql().toUpperCase().startsWith("CREATE")) {
                created.add(st.name());
            }
        }
        return new Outcome(new ArrayList<>(created), new ArrayList<>(skipped));
    }

    private static Set<String> names(Connection c, String sql) {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot read the server's roles: " + e.getMessage(), null, e);
        }
        return out;
    }
}
