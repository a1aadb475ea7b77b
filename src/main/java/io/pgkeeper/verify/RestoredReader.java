package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.postgres.Fingerprints;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgDump;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.SchemaHash;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what a restored database holds, to compare with the fingerprint the backup recorded. */
final class RestoredReader {
    private RestoredReader() {}

    static RestoredDatabase read(RunContext ctx, PgAccess access, PgTools clientTools, String db, boolean withSchemaHash) {
        Optional<String> hash = Optional.empty();
        if (withSchemaHash) {
            ToolCall schema = ToolCall.of("pg_dump", PgDump.schemaArgv(clientTools, db, Optional.empty()), access.toolEnv(),
                    ctx.cluster().timeouts().verify()).withStdout(ToolCall.Stdout.capture());
            ToolResult r = ctx.runner().run(schema).orThrow("schema dump of the restored database \"" + db + "\" failed", null);
            hash = Optional.of(SchemaHash.of(r.stdout()));
        }
        try (Connection c = access.connect(db)) {
            return new RestoredDatabase(db, hash, Fingerprints.exactTables(c), sequences(c));
        } catch (SQLException e) {
            throw StepFailure.couldNotRun("cannot read the restored database \"" + db + "\": " + e.getMessage());
        }
    }

    /** {@code pg_dump --schema-only --create} of the restored database, as the dump recorded its source's. */
    static String schemaText(RunContext ctx, PgAccess access, PgTools clientTools, String db) {
        ToolCall schema = ToolCall.of("pg_dump", PgDump.schemaArgv(clientTools, db, Optional.empty(), true), access.toolEnv(),
                ctx.cluster().timeouts().verify()).withStdout(ToolCall.Stdout.capture());
        return ctx.runner().run(schema).orThrow("schema dump of the restored database \"" + db + "\" failed", null).stdout();
    }

    private static List<RestoredDatabase.RestoredSequence> sequences(Connection c) throws SQLException {
        List<RestoredDatabase.RestoredSequence> out = new ArrayList<>();
        String sql = "SELECT schemaname, sequencename, last_value, increment_by FROM pg_sequences "
                + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                long v = rs.getLong(3);
                Long last = rs.wasNull() ? null : v;
                out.add(new RestoredDatabase.RestoredSequence(rs.getString(1), rs.getString(2), last, rs.getLong(4)));
            }
        }
        return out;
    }
}
