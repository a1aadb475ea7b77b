package io.pgkeeper.verify;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.CheckPolicy;
import io.pgkeeper.postgres.PgAccess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one policy check through pgJDBC against the sandbox. The query must return exactly one
 * row of one column; that value is judged by {@link Expectation}. The session is read-only, so a
 * check cannot change the restored data other checks look at.
 */
final class CheckRunner {
    private final PgAccess sandbox;
    private final Set<String> restoredDatabases;
    private final Instant backupStartedAt;
    private final Duration timeout;

    CheckRunner(PgAccess sandbox, Set<String> restoredDatabases, Instant backupStartedAt, Duration timeout) {
        this.sandbox = sandbox;
        this.restoredDatabases = restoredDatabases;
        this.backupStartedAt = backupStartedAt;
        this.timeout = timeout;
    }

    CheckResult run(CheckPolicy check) {
        Expectation exp = check.fresh().isPresent() ? Expectation.fresh(check.fresh().get(), backupStartedAt)
                : Expectation.expect(check.expect().orElse(""));
        String expected = exp.describe();
        if (!restoredDatabases.contains(check.database())) {
            return failed(check, null, expected, "database \"" + check.database() + "\" is not in this backup (it holds: "
                    + String.join(", ", restoredDatabases.stream().sorted().toList()) + ")");
        }
        try (Connection c = sandbox.connect(check.database()); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            st.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toSeconds())));
            if (!st.execute(check.sql())) {
                return failed(check, null, expected, "the query returned no result set; a check must be a query returning one value");
            }
            try (ResultSet rs = st.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                if (md.getColumnCount() != 1) {
                    return failed(check, null, expected, "the query returned " + md.getColumnCount()
                            + " columns; a check must return exactly one value (one row, one column)");
                }
                if (!rs.next()) {
                    return failed(check, null, expected, "the query returned no row; a check must return exactly one value");
                }
                Value v = read(rs, md.getColumnType(1));
                if (rs.next()) {
                    return failed(check, v.text(), expected, "the query returned more than one row (first value " + quoted(v.text())
                            + "); a check must return exactly one value");
                }
                Expectation.Verdict verdict = exp.evaluate(v.text(), v.instant());
                return new CheckResult(check.name(), check.database(), verdict.ok(), v.text(), expected,
                        "check \"" + check.name() + "\" " + (verdict.ok() ? "passed" : "failed") + ": " + verdict.message());
            }
        } catch (SQLException e) {
            return failed(check, null, expected, "the query failed: " + e.getMessage());
        } catch (PgKeeperException e) {
            return failed(check, null, expected, e.getMessage());
        }
    }

    private static CheckResult failed(CheckPolicy check, String value, String expected, String why) {
        return new CheckResult(check.name(), check.database(), false, value, expected,
                "check \"" + check.name() + "\" failed on database \"" + check.database() + "\": " + why + "; expected " + expected);
    }

    private static String quoted(String s) {
        return s == null ? "NULL" : "'" + s + "'";
    }

    private record Value(String text, Optional<Instant> instant) {}

    /** Booleans read as true/false (not t/f) so that {@code expect: true} means what it says. */
    private static Value read(ResultSet rs, int type) throws SQLException {
        switch (type) {
            case Types.BOOLEAN, Types.BIT -> {
                boolean b = rs.getBoolean(1);
                return new Value(rs.wasNull() ? null : Boolean.toString(b), Optional.empty());
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                return t == null ? new Value(null, Optional.empty()) : new Value(t.toInstant().toString(), Optional.of(t.toInstant()));
            }
            case Types.TIMESTAMP -> {
                String typeName = rs.getMetaData().getColumnTypeName(1);
                if (typeName.equals("timestamptz")) {
                    OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                    return t == null ? new Value(null, Optional.empty()) : new Value(t.toInstant().toString(), Optional.of(t.toInstant()));
                }
                LocalDateTime t = rs.getObject(1, LocalDateTime.class);
                return t == null ? new Value(null, Optional.empty()) : new Value(t.toString(), Optional.of(t.toInstant(ZoneOffset.UTC)));
            }
            case Types.DATE -> {
                LocalDate d = rs.getObject(1, LocalDate.class);
                return d == null ? new Value(null, Optional.empty()) : new Value(d.toString(), Optional.of(d.atStartOfDay().toInstant(ZoneOffset.UTC)));
            }
            default -> {
                return new Value(rs.getString(1), Optional.empty());
            }
        }
    }
}
