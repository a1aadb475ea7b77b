package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgRestore;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a dump of one schema into an existing database, beside its live tables and never over
 * them: under a staging schema name that takes the real name only once it is whole. Any failure
 * drops the staging schema (it is new, so nothing else can depend on it), and the database is as
 * it was. pg_restore without {@code --create} leaves the database's own properties alone.
 */
final class SchemaRestore {
    private static final Logger log = LoggerFactory.getLogger(SchemaRestore.class);

    private final RunContext ctx;
    private final PgAccess access;
    private final PgTools tools;

    SchemaRestore(RunContext ctx, PgAccess access, PgTools tools) {
        this.ctx = ctx;
        this.access = access;
        this.tools = tools;
    }

    /**
     * @param check looks at the staging schema once it is whole (row counts), before it takes its name
     */
    void restore(Path dump, String database, String staging, String schema, int jobs, Consumer<Connection> check) {
        try (Connection c = access.connect(database)) {
            requireAbsent(c, database, schema);
            // the staging name is pgkeeper's own: what is there is what an interrupted run left
            execute(c, "DROP SCHEMA IF EXISTS " + Catalog.ident(staging) + " CASCADE");
            try {
                ToolResult restored = ctx.runner().run(ToolCall.of("pg_restore", PgRestore.argv(tools, dump, database, jobs), access.toolEnv(),
                        ctx.cluster().timeouts().restore()));
                restored.orThrow("restore of the tables into database \"" + database + "\" failed", hint(restored, database));
                check.accept(c);
                requireAbsent(c, database, schema);
                execute(c, "ALTER SCHEMA " + Catalog.ident(staging) + " RENAME TO " + Catalog.ident(schema));
            } catch (RuntimeException | SQLException e) {
                dropQuietly(c, staging);
                throw e;
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("restore of the tables into schema \"" + schema + "\" of database \"" + database + "\" failed: "
                    + e.getMessage(), "nothing was changed in \"" + database + "\"", e);
        }
        log.info("restored tables into schema \"{}\" of database \"{}\"", schema, database);
    }

    /** A role that may not give the restored objects their owners is told what it lacks; nothing else needs saying. */
    private static String hint(ToolResult r, String database) {
        String unchanged = "nothing was changed in \"" + database + "\"";
        if (r.stderrTail().stream().anyMatch(l -> l.contains("must be member of role") || l.contains("permission denied"))) {
            return "the restoring role must be a superuser, or a member of each role that owns a restored table, with CREATE on the"
                    + " database and on the tables' tablespaces (see docs/privileges.md); " + unchanged;
        }
        return unchanged;
    }

    /** Never over live tables: an existing schema of that name is refused, before the long recovery and again at the end. */
    static void requireAbsent(Connection c, String database, String schema) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = " + Catalog.literal(schema))) {
            if (rs.next()) {
                throw PgKeeperException.usage("schema \"" + schema + "\" already exists in database \"" + database + "\"; nothing was changed",
                        "pass --into-schema with a new name; restored tables never go over existing ones");
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void dropQuietly(Connection c, String staging) {
        try {
            execute(c, "DROP SCHEMA IF EXISTS " + Catalog.ident(staging) + " CASCADE");
        } catch (SQLException e) {
            log.warn("could not drop the staging schema \"{}\": {}; drop it by hand", staging, e.getMessage());
        }
    }
}
