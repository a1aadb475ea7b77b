package io.pgkeeper.check;

import io.pgkeeper.policy.GlobalsMode;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.DatabaseInfo;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.error.PgKeeperException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the role can do the jobs the policy configures. For dump: read every table, sequence
 * and large object of every selected database (what pg_dump reads), row-level security included,
 * and the roles for globals. Base backups need the REPLICATION privilege, which the replication
 * probe tests by connecting.
 */
final class PrivilegeProbe {
    static final String NAME = "dump privileges";
    /** Names shown in the message; the evidence lists up to {@link #MAX_EVIDENCE}. */
    private static final int MAX_EVIDENCE = 50;

    /**
     * Relations pg_dump reads (tables, partitions, materialized views, sequences) that this role
     * cannot: no USAGE on the schema, no SELECT, or row-level security that applies to it (pg_dump
     * runs with row_security off and fails on such a table unless the role bypasses RLS).
     */
    private static final String UNREADABLE = """
            SELECT format('%I.%I', n.nspname, c.relname),
                   CASE WHEN NOT has_schema_privilege(n.oid, 'USAGE') THEN 'no USAGE on schema ' || quote_ident(n.nspname)
                        WHEN NOT has_table_privilege(c.oid, 'SELECT') THEN 'no SELECT'
                        ELSE 'row-level security applies (the role lacks BYPASSRLS)' END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_roles r
            WHERE r.rolname = current_user
              AND c.relkind IN ('r', 'p', 'm', 'S')
              AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
              AND (NOT has_schema_privilege(n.oid, 'USAGE') OR NOT has_table_privilege(c.oid, 'SELECT')
                   OR (c.relrowsecurity AND NOT r.rolsuper AND NOT r.rolbypassrls
                       AND (c.relforcerowsecurity OR NOT pg_has_role(c.relowner, 'USAGE'))))
            ORDER BY 1""";

    /** Large objects this role cannot read (pg_dump dumps them all); pg_read_all_data does not cover them. */
    private static final String UNREADABLE_LARGE_OBJECTS = """
            SELECT count(*)::text FROM pg_largeobject_metadata m, pg_roles r
            WHERE r.rolname = current_user AND NOT r.rolsuper AND NOT current_setting('lo_compat_privileges')::bool
              AND NOT pg_has_role(m.lomowner, 'USAGE')
              AND NOT EXISTS (SELECT 1 FROM aclexplode(coalesce(m.lomacl, acldefault('L', m.lomowner))) a
                              WHERE a.privilege_type = 'SELECT' AND (a.grantee = 0 OR pg_has_role(a.grantee, 'USAGE')))""";

    private PrivilegeProbe() {}

    /** Dump is configured unless a schedule exists that never runs it. */
    static boolean dumpConfigured(CheckContext cc) {
        var entries = cc.ctx().cluster().schedule().entries();
        return entries.isEmpty() || entries.stream().anyMatch(e -> e.command().equals("dump"));
    }

    static void run(CheckContext cc, PgAccess access, Connection c, List<Finding> out) throws SQLException {
        String user = Sql.one(c, "SELECT current_user").orElse(access.user());
        globals(cc, c, user, out);
        List<String> dbs = new ArrayList<>();
        for (DatabaseInfo d : Catalog.databases(c)) {
            if (cc.ctx().cluster().logical().databases().selects(d.name())) {
                dbs.add(d.name());
            }
        }
        List<String> problems = new ArrayList<>();
        int relations = 0;
        for (String db : dbs) {
            try (Connection dc = access.connect(db)) {
                relations += Integer.parseInt(Sql.one(dc, "SELECT count(*)::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind IN ('r', 'p', 'm', 'S') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'").orElse("0"));
                for (List<String> row : Sql.rows(dc, UNREADABLE)) {
                    problems.add(db + ": " + row.get(0) + " (" + row.get(1) + ")");
                }
                long objects = Long.parseLong(Sql.one(dc, UNREADABLE_LARGE_OBJECTS).orElse("0"));
                if (objects > 0) {
                    problems.add(db + ": " + objects + " large object(s) (no SELECT; pg_read_all_data does not cover large objects)");
                }
            } catch (PgKeeperException e) {
                problems.add(db + ": cannot connect (" + e.getMessage() + ")");
            }
        }
        if (problems.isEmpty()) {
            out.add(Finding.ok(NAME, user + " can read all " + relations + " tables and sequences of " + dbs.size() + " selected database(s)",
                    "databases: " + String.join(", ", dbs)));
            return;
        }
        String sample = String.join("; ", problems.subList(0, Math.min(3, problems.size()))) + (problems.size() > 3 ? "; ..." : "");
        out.add(Finding.fail(NAME, user + " cannot read " + problems.size() + " object(s) that dump must read: " + sample,
                "as a superuser: GRANT pg_read_all_data TO " + user + " (PostgreSQL 14+; tables and sequences), GRANT SELECT"
                        + " on the objects named, ALTER ROLE " + user + " BYPASSRLS for row-level security; or exclude the"
                        + " databases in logical.databases.exclude",
                problems.subList(0, Math.min(MAX_EVIDENCE, problems.size())).toArray(new String[0])));
    }

    private static void globals(CheckContext cc, Connection c, String user, List<Finding> out) throws SQLException {
        if (cc.ctx().cluster().logical().globals() == GlobalsMode.NONE) {
            return;
        }
        boolean authid = Sql.one(c, "SELECT has_table_privilege('pg_catalog.pg_authid', 'SELECT')::text").map(Boolean::parseBoolean).orElse(false);
        out.add(authid ? Finding.ok("globals privileges", user + " can read pg_authid: roles are dumped with their passwords")
                : Finding.warn("globals privileges", user + " cannot read pg_authid (superusers only): pg_dumpall can save the roles only"
                                + " without their passwords (--no-role-passwords)",
                        "accept that restored roles need new passwords, or dump globals with a superuser, or set logical.globals: none"));
    }
}
