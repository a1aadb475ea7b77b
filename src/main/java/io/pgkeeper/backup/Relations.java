package io.pgkeeper.backup;

import io.pgkeeper.postgres.PgAccess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which table a data file belongs to: {@code ./base/<database oid>/<filenode>[.N]} or the same under a tablespace. */
final class Relations {
    private static final Pattern FILE = Pattern.compile("(?:^|/)(?:base|pg_tblspc/(\\d+)/[^/]+)/(\\d+)/(\\d+)(?:_\\w+)?(?:\\.\\d+)?$");

    private Relations() {}

    /** e.g. {@code table public.orders of database app}; empty when the file or the server does not say. */
    static Optional<String> ofFile(PgAccess access, String file) {
        Matcher m = FILE.matcher(file);
        if (!m.find()) {
            return Optional.empty();
        }
        String tablespace = m.group(1) == null ? "0" : m.group(1);
        try (Connection c = access.connect()) {
            Optional<String> db = one(c, "SELECT datname FROM pg_database WHERE oid = ?::oid", m.group(2));
            if (db.isEmpty()) {
                return Optional.empty();
            }
            try (Connection dc = access.connect(db.get())) {
                return one(dc, "SELECT pg_filenode_relation(?::oid, ?::oid)::regclass::text", tablespace, m.group(3))
                        .map(r -> "table " + r + " of database " + db.get());
            }
        } catch (SQLException | RuntimeException e) {
            // naming the table is a courtesy; the file and block are the facts, and they are reported
            return Optional.empty();
        }
    }

    private static Optional<String> one(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
