package io.pgkeeper.postgres;

import io.pgkeeper.error.PgKeeperException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The databases of a server with their encoding, owner and locales. The locale columns moved
 * between majors, so the query is chosen by server version: {@code datlocprovider},
 * {@code daticulocale} and {@code datcollversion} came with 15, {@code daticurules} with 16, and
 * 17 renamed {@code daticulocale} to {@code datlocale} and added the {@code builtin} provider.
 */
public final class DatabaseList {
    private DatabaseList() {}

    public static List<DatabaseInfo> read(Connection c, int serverVersionNum) {
        String sql = "SELECT d.datname, pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, pg_get_userbyid(d.datdba), "
                + localeColumns(serverVersionNum) + " FROM pg_database d WHERE d.datallowconn ORDER BY d.datname";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<DatabaseInfo> out = new ArrayList<>();
            while (rs.next()) {
                String provider = provider(rs.getString(6));
                String locale = rs.getString(7);
                out.add(new DatabaseInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), provider,
                        provider.equals("icu") ? locale : null, provider.equals("builtin") ? locale : null, rs.getString(8), rs.getString(9)));
            }
            return out;
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot list databases: " + e.getMessage(), null, e);
        }
    }

    /** provider code, provider locale, ICU rules, collation version: in that order, for this major. */
    static String localeColumns(int serverVersionNum) {
        if (serverVersionNum >= 170000) {
            return "d.datlocprovider::text, d.datlocale, d.daticurules, d.datcollversion";
        }
        if (serverVersionNum >= 160000) {
            return "d.datlocprovider::text, d.daticulocale, d.daticurules, d.datcollversion";
        }
        if (serverVersionNum >= 150000) {
            return "d.datlocprovider::text, d.daticulocale, NULL::text, d.datcollversion";
        }
        return "'c'::text, NULL::text, NULL::text, NULL::text";
    }

    static String provider(String code) {
        return switch (code == null ? "c" : code) {
            case "c" -> "libc";
            case "i" -> "icu";
            case "b" -> "builtin";
            default -> code;
        };
    }
}
