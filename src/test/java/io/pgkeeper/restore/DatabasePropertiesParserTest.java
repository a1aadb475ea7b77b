package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.restore.PropertyStatement.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabasePropertiesParserTest {
    /** What pg_restore 15 --create --schema-only -L prints for such a database's own entries (a real capture, trimmed). */
    static final String MY_APP = """
            --
            -- PostgreSQL database dump
            --

            \\restrict kEQ49VFh8b2uvxXGYAqO7POyO2YHoUghkIlR8IDfaLyMmbVkugqu3Jp1RpX08dO

            SET statement_timeout = 0;
            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;
            SELECT pg_catalog.set_config('search_path', '', false);

            --
            -- Name: My App; Type: DATABASE; Schema: -; Owner: app_owner
            --

            CREATE DATABASE "My App" WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = icu LOCALE = 'C.UTF-8' ICU_LOCALE = 'sv-SE';


            ALTER DATABASE "My App" OWNER TO app_owner;

            \\unrestrict kEQ49VFh8b2uvxXGYAqO7POyO2YHoUghkIlR8IDfaLyMmbVkugqu3Jp1RpX08dO
            \\encoding SQL_ASCII
            \\connect -reuse-previous=on "dbname='My App'"
            \\restrict kEQ49VFh8b2uvxXGYAqO7POyO2YHoUghkIlR8IDfaLyMmbVkugqu3Jp1RpX08dO

            SET statement_timeout = 0;

            --
            -- Name: DATABASE "My App"; Type: COMMENT; Schema: -; Owner: app_owner
            --

            COMMENT ON DATABASE "My App" IS 'it''s the DATABASE "My App"; really';

            --
            -- Name: My App; Type: DATABASE PROPERTIES; Schema: -; Owner: app_owner
            --

            ALTER DATABASE "My App" CONNECTION LIMIT = 7;
            ALTER DATABASE "My App" SET work_mem TO '8MB';
            ALTER DATABASE "My App" SET search_path TO 'app', 'public';
            ALTER ROLE reader IN DATABASE "My App" SET statement_timeout TO '5s';
            ALTER ROLE database IN DATABASE "My App" SET work_mem TO '1MB';

            --
            -- Name: DATABASE "My App"; Type: ACL; Schema: -; Owner: app_owner
            --

            REVOKE CONNECT,TEMPORARY ON DATABASE "My App" FROM PUBLIC;
            GRANT CONNECT ON DATABASE "My App" TO reader;
            GRANT TEMPORARY ON DATABASE "My App" TO database,"Odd ""One""\" WITH GRANT OPTION;
            SET SESSION AUTHORIZATION reader;
            GRANT CONNECT ON DATABASE "My App" TO cascade;
            RESET SESSION AUTHORIZATION;
            """;

    @Test
    void readsTheCreateOptionsOwnerAndEveryProperty() {
        DatabaseProperties p = DatabasePropertiesParser.parse(MY_APP, "ignored");
        assertEquals("My App", p.dumpedName());
        assertEquals(Optional.of("app_owner"), p.owner());
        assertEquals("icu", p.localeProvider());
        assertEquals(Optional.of("sv-SE"), p.providerLocale());
        assertEquals(Optional.of("C.UTF-8"), p.lcCollate());
        assertEquals(Optional.of("UTF8"), p.option("ENCODING"));
        assertEquals(List.of(Kind.COMMENT, Kind.CONNECTION_LIMIT, Kind.SETTING, Kind.SETTING, Kind.ROLE_SETTING, Kind.ROLE_SETTING,
                Kind.ACL, Kind.ACL, Kind.ACL, Kind.SESSION, Kind.ACL, Kind.SESSION), p.statements().stream().map(PropertyStatement::kind).toList());
        assertEquals(List.of("app_owner", "reader", "database", "Odd \"One\"", "cascade"), p.roles());
    }

    @Test
    void createsUnderAnotherNameFromTemplate0WithTheDumpsLocale() {
        DatabaseProperties p = DatabasePropertiesParser.parse(MY_APP, "ignored");
        assertEquals("CREATE DATABASE \"pgkeeper_restore_x\" WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = icu"
                + " LOCALE = 'C.UTF-8' ICU_LOCALE = 'sv-SE'", p.createSql("pgkeeper_restore_x", true));
    }

    @Test
    void retargetsOnlyTheDatabaseNameNeverALiteralOrARole() {
        DatabaseProperties p = DatabasePropertiesParser.parse(MY_APP, "ignored");
        List<String> sql = p.statements().stream().map(s -> s.sql("it's \"new\"")).toList();
        assertEquals("COMMENT ON DATABASE \"it's \"\"new\"\"\" IS 'it''s the DATABASE \"My App\"; really'", sql.get(0));
        assertEquals("ALTER DATABASE \"it's \"\"new\"\"\" CONNECTION LIMIT = 7", sql.get(1));
        assertEquals("ALTER DATABASE \"it's \"\"new\"\"\" SET search_path TO 'app', 'public'", sql.get(3));
        assertEquals("ALTER ROLE database IN DATABASE \"it's \"\"new\"\"\" SET work_mem TO '1MB'", sql.get(5));
        assertEquals("REVOKE CONNECT,TEMPORARY ON DATABASE \"it's \"\"new\"\"\" FROM PUBLIC", sql.get(6));
        assertEquals("GRANT TEMPORARY ON DATABASE \"it's \"\"new\"\"\" TO database,\"Odd \"\"One\"\"\" WITH GRANT OPTION", sql.get(8));
        assertEquals("SET SESSION AUTHORIZATION reader", sql.get(9));
    }

    @Test
    void unquotedNamesFoldToLowerCaseAndTablespaceCanBeLeftOut() {
        String sql = "CREATE DATABASE app WITH TEMPLATE = template0 ENCODING = 'LATIN1' LOCALE = 'C' TABLESPACE = fast_ssd;\n"
                + "ALTER DATABASE app OWNER TO \"App Owner\";\n"
                + "ALTER DATABASE app SET \"my.setting\" TO E'a\\'b';\n"
                + "ALTER DATABASE app IS_TEMPLATE = true;\n";
        DatabaseProperties p = DatabasePropertiesParser.parse(sql, "app");
        assertEquals("app", p.dumpedName());
        assertEquals(Optional.of("App Owner"), p.owner());
        assertEquals(Optional.of("fast_ssd"), p.tablespace());
        assertEquals("libc", p.localeProvider());
        assertEquals("CREATE DATABASE \"b\" WITH TEMPLATE = template0 ENCODING = 'LATIN1' LOCALE = 'C'", p.createSql("b", false));
        assertTrue(p.createSql("b", true).endsWith(" TABLESPACE = fast_ssd"));
        assertEquals("ALTER DATABASE \"b\" SET \"my.setting\" TO E'a\\'b'", p.statements().get(0).sql("b"));
        assertEquals(Kind.TEMPLATE, p.statements().get(1).kind());
    }

    @Test
    void postgres17sBuiltinProviderAndANegativeOption() {
        String sql = "CREATE DATABASE b WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = builtin LOCALE = 'C.UTF-8'"
                + " BUILTIN_LOCALE = 'C.UTF-8' CONNECTION_LIMIT = -1;";
        DatabaseProperties p = DatabasePropertiesParser.parse(sql, "b");
        assertEquals("builtin", p.localeProvider());
        assertEquals(Optional.of("C.UTF-8"), p.providerLocale());
        assertEquals(Optional.of("-1"), p.option("CONNECTION_LIMIT"));
        assertTrue(p.createSql("c", true).endsWith("CONNECTION_LIMIT = -1"), p.createSql("c", true));
    }

    @Test
    void aDumpWithoutDatabaseEntriesKeepsTheHeaderName() {
        DatabaseProperties p = DatabasePropertiesParser.parse("", "from header");
        assertEquals("from header", p.dumpedName());
        assertTrue(p.statements().isEmpty());
        assertFalse(p.owner().isPresent());
    }

    @Test
    void refusesStatementsItDoesNotKnowOrAboutAnotherDatabase() {
        assertThrows(IllegalArgumentException.class, () -> DatabasePropertiesParser.parse(
                "CREATE DATABASE a WITH TEMPLATE = template0;\nALTER DATABASE b SET x TO 1;", "a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatabasePropertiesParser.parse(
                "CREATE DATABASE a;\nDROP TABLE secret_password_here;", "a"));
        assertTrue(e.getMessage().contains("DROP TABLE secret_password_here"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatabasePropertiesParser.parse("CREATE DATABASE a;\nALTER DATABASE a RENAME TO b;", "a"));
    }
}
