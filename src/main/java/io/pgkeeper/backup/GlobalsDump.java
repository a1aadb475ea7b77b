package io.pgkeeper.backup;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.GlobalsMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * How globals are dumped for a backup role. pg_dumpall reads roles from pg_authid, which holds
 * the password hashes; a role that may not read it (anything short of a superuser or
 * pg_read_all_data) gets {@code --no-role-passwords}, which reads pg_roles instead, and the
 * backup says that its roles come back without passwords.
 *
 * @param noRolePasswords whether pg_dumpall must leave passwords out
 * @param warning what the backup lacks because of it, for the manifest and the log
 */
record GlobalsDump(boolean noRolePasswords, Optional<String> warning) {

    static GlobalsDump decide(Connection c, GlobalsMode mode) {
        if (mode == GlobalsMode.NONE) {
            return new GlobalsDump(false, Optional.empty());
        }
        String sql = "SELECT current_user, has_table_privilege('pg_catalog.pg_authid', 'SELECT')";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            if (rs.getBoolean(2)) {
                return new GlobalsDump(false, Optional.empty());
            }
            return new GlobalsDump(true, Optional.of("role passwords are not in this backup: the backup role \"" + rs.getString(1)
                    + "\" cannot read pg_authid, so globals were dumped with --no-role-passwords and restored roles get no password"
                    + " (a superuser or a member of pg_read_all_data can read them; see docs/privileges.md)"));
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot check whether the backup role can read pg_authid: " + e.getMessage(), null, e);
        }
    }
}
