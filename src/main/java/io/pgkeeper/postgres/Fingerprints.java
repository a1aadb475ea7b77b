package io.pgkeeper.postgres;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.SequenceFingerprint;
import io.pgkeeper.repository.TableFingerprint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a database holds, for the backup's fingerprint and for verify's comparison. Only
 * ordinary tables (relkind 'r') of user schemas count; partitioned parents hold no rows of their own.
 * Every table counts its own rows only ({@code ONLY}), as {@code reltuples} does: a partition or an
 * inheritance child is counted once, as itself, never again inside its parent.
 */
public final class Fingerprints {
    /*
     * The estimate is reltuples only when the statistics say when it was taken: a table never
     * analysed or vacuumed since its statistics were last reset (a crash, pg_stat_reset(), a
     * reltuples set by CREATE INDEX on a table filled since) has an estimate of unknown age, which
     * is recorded as -1, "no usable estimate", instead of being compared as if it were current.
     */
    private static final String USER_TABLES = "SELECT n.nspname, c.relname, "
            + "CASE WHEN coalesce(s.last_analyze, s.last_autoanalyze, s.last_vacuum, s.last_autovacuum) IS NULL THEN -1"
            + " ELSE c.reltuples::bigint END, pg_relation_size(c.oid), coalesce(s.n_mod_since_analyze, 0) "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid "
            + "WHERE c.relkind = 'r' AND c.relpersistence <> 't' "
            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
            + "AND n.nspname NOT LIKE 'pg\\_temp%' ORDER BY 1, 2";

    private Fingerprints() {}

    /** Planner estimates (no table scans): cheap enough for every dump. -1 means no usable estimate. */
    public static List<TableFingerprint> estimatedTables(Connection c) {
        List<TableFingerprint> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(USER_TABLES)) {
            while (rs.next()) {
                out.add(new TableFingerprint(rs.getString(1), rs.getString(2), rs.getLong(3), true, rs.getLong(4), rs.getLong(5)));
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot read table statistics: " + e.getMessage(), null, e);
        }
        return out;
    }

    /** Exact counts, in whatever snapshot the connection's transaction holds. */
    public static List<TableFingerprint> exactTables(Connection c) {
        List<TableFingerprint> estimated = estimatedTables(c);
        List<TableFingerprint> out = new ArrayList<>(estimated.size());
        TableFingerprint current = null;
        try (Statement st = c.createStatement()) {
            for (TableFingerprint t : estimated) {
                current = t;
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ONLY " + Catalog.ident(t.schema()) + "." + Catalog.ident(t.name()))) {
                    rs.next();
                    out.add(new TableFingerprint(t.schema(), t.name(), rs.getLong(1), false, t.sizeBytes()));
                }
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot count the rows of table " + (current == null ? "?" : current.qualifiedName()) + ": "
                    + e.getMessage(), "the backup user needs SELECT on every table it dumps (see docs/privileges.md)", e);
        }
        return out;
    }

    public static List<SequenceFingerprint> sequences(Connection c) {
        List<SequenceFingerprint> out = new ArrayList<>();
        String sql = "SELECT schemaname, sequencename, last_value FROM pg_sequences "
                + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                long v = rs.getLong(3);
                // wasNull() speaks of the last column read, so ask it before reading any other
                Long last = rs.wasNull() ? null : v;
                out.add(new SequenceFingerprint(rs.getString(1), rs.getString(2), last));
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot read sequences: " + e.getMessage(), null, e);
        }
        return out;
    }
}
