package io.pgkeeper.testing;

/**
 * Databases shaped like production ones, for restore and verify tests: an ICU database whose
 * CHECK constraint and sort order depend on its collation, a LATIN1 database, inheritance and
 * partitions, large objects, and database-level settings, ACLs, comment and connection limit.
 */
public final class Shapes {
    /** The words of {@link #icuDatabase} as sv-SE sorts them: {@code a < B} (C sorts {@code B < a}), ö after z. */
    public static final String ICU_ORDER = "a,B,c,o,p,z,ö";

    private Shapes() {}

    /** Roles with scram passwords: the owner, an application user with CONNECT, an outsider without. */
    public static void roles(TestCluster pg) {
        pg.execute("postgres",
                "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE shape_owner LOGIN PASSWORD 'owner-Pw-1'",
                "CREATE ROLE shape_app LOGIN PASSWORD 'app-Pw-2'",
                "CREATE ROLE shape_outsider LOGIN PASSWORD 'outsider-Pw-3'");
    }

    /** ICU (sv-SE) database owned by shape_owner, with a CHECK that holds only under ICU's order; needs {@link #roles}. */
    public static void icuDatabase(TestCluster pg, String name) {
        pg.execute("postgres", "CREATE DATABASE " + name + " OWNER shape_owner TEMPLATE template0 ENCODING 'UTF8'"
                + " LOCALE_PROVIDER icu ICU_LOCALE 'sv-SE' LOCALE 'C.UTF-8'");
        pg.execute(name,
                // under ICU 'B' >= 'a'; under C it is not, so a libc copy cannot even restore the rows
                "CREATE TABLE words (w text PRIMARY KEY, CONSTRAINT after_a CHECK (w >= 'a'))",
                "INSERT INTO words VALUES ('c'), ('B'), ('a'), ('z'), ('ö'), ('o'), ('p')",
                "CREATE INDEX words_w_idx ON words (w DESC)",
                "GRANT SELECT ON words TO shape_app");
    }

    /** LATIN1 database with non-ASCII text. */
    public static void latin1Database(TestCluster pg, String name) {
        pg.execute("postgres", "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C'");
        pg.execute(name, "CREATE TABLE people (name text PRIMARY KEY)",
                "INSERT INTO people VALUES ('Müller'), ('Straße'), ('Élodie'), ('Ångström')");
    }

    /**
     * Inheritance (a child attached with ALTER TABLE ... INHERIT, whose columns are not in its
     * parent's order, and one created with INHERITS), and partitions with a default partition
     * and sub-partitions; every level holds rows of its own.
     */
    public static void inheritanceAndPartitions(TestCluster pg, String db) {
        pg.execute(db,
                "CREATE TABLE animals (id int, name text)",
                "CREATE TABLE cats (lives int, name text, id int)",
                "ALTER TABLE cats INHERIT animals",
                "CREATE TABLE dogs (good boolean) INHERITS (animals)",
                "ALTER TABLE animals ADD COLUMN born date",
                "INSERT INTO animals VALUES (1, 'generic', '2020-01-01'), (2, 'other', NULL)",
                "INSERT INTO cats (lives, name, id) SELECT 9, 'cat' || g, g FROM generate_series(1, 30) g",
                "INSERT INTO dogs (id, name, good) SELECT g, 'dog' || g, true FROM generate_series(1, 20) g",
                "CREATE TABLE measures (id int NOT NULL, at date NOT NULL, v numeric) PARTITION BY RANGE (at)",
                "CREATE TABLE measures_2025 PARTITION OF measures FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (id)",
                "CREATE TABLE measures_2025_a PARTITION OF measures_2025 FOR VALUES IN (1, 2, 3)",
                "CREATE TABLE measures_2025_rest PARTITION OF measures_2025 DEFAULT",
                "CREATE TABLE measures_other PARTITION OF measures DEFAULT",
                "INSERT INTO measures SELECT g % 7, DATE '2025-01-01' + g, g * 1.5 FROM generate_series(1, 500) g",
                "ANALYZE");
    }

    public static void largeObjects(TestCluster pg, String db) {
        pg.execute(db, "SELECT lo_from_bytea(770001, convert_to('large object ü', 'UTF8') || decode(repeat('ab', 3000), 'hex'))",
                "COMMENT ON LARGE OBJECT 770001 IS 'a blob'");
    }

    /**
     * Database-level properties: settings, a role's setting in this database, CONNECT revoked from
     * PUBLIC and granted to shape_app only, a comment and a connection limit.
     */
    public static void databaseProperties(TestCluster pg, String db) {
        pg.execute("postgres",
                "ALTER DATABASE " + db + " SET work_mem = '7MB'",
                "ALTER DATABASE " + db + " SET search_path = public, extra",
                "ALTER ROLE shape_app IN DATABASE " + db + " SET statement_timeout = '41s'",
                "REVOKE CONNECT, TEMPORARY ON DATABASE " + db + " FROM PUBLIC",
                "GRANT CONNECT ON DATABASE " + db + " TO shape_app",
                "COMMENT ON DATABASE " + db + " IS 'the shop''s database; handle with care'",
                "ALTER DATABASE " + db + " CONNECTION LIMIT 42");
    }
}
