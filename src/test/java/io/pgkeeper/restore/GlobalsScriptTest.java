package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.restore.GlobalsScript.Statement;
import io.pgkeeper.restore.GlobalsScript.Subject;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalsScriptTest {
    /** The shape of PostgreSQL 15's {@code pg_dumpall --roles-only}, with the awkward cases added. */
    static final String ROLES_ONLY = """
            --
            -- PostgreSQL database cluster dump
            --

            SET default_transaction_read_only = off;

            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;

            --
            -- Roles
            --

            CREATE ROLE app;
            ALTER ROLE app WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a;b:c=d';
            CREATE ROLE "Odd ""Role"" ; x";
            ALTER ROLE "Odd ""Role"" ; x" WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 5;
            COMMENT ON ROLE app IS 'first line; with a semicolon
            -- not a comment, it''s inside the string
            last line';
            CREATE ROLE postgres;
            ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;
            ALTER ROLE app SET search_path TO 'app', 'public';

            --
            -- Role memberships
            --

            GRANT app TO "Odd ""Role"" ; x" GRANTED BY postgres;
            GRANT pg_read_all_data TO app GRANTED BY postgres;

            --
            -- PostgreSQL database cluster dump complete
            --

            """;

    @Test
    void splitsAndClassifiesRealOutput() {
        List<Statement> st = GlobalsScript.parse(ROLES_ONLY);
        List<String> summary = st.stream().map(s -> s.subject() + ":" + s.name()).toList();
        assertEquals(List.of("NONE:", "NONE:", "NONE:",
                "ROLE:app", "ROLE:app",
                "ROLE:Odd \"Role\" ; x", "ROLE:Odd \"Role\" ; x",
                "ROLE:app",
                "ROLE:postgres", "ROLE:postgres",
                "ROLE:app",
                "ROLE:Odd \"Role\" ; x", "ROLE:app"), summary);
    }

    @Test
    void quotedTextKeepsSemicolonsNewlinesAndDashes() {
        List<Statement> st = GlobalsScript.parse(ROLES_ONLY);
        assertEquals("ALTER ROLE app WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS "
                + "PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a;b:c=d'", st.get(4).sql());
        assertEquals("COMMENT ON ROLE app IS 'first line; with a semicolon\n-- not a comment, it''s inside the string\nlast line'",
                st.get(7).sql());
        assertEquals("SET client_encoding = 'UTF8'", st.get(1).sql());
    }

    @Test
    void tablespacesAndUnquotedNamesFoldToLowerCase() {
        List<Statement> st = GlobalsScript.parse("CREATE TABLESPACE fast OWNER postgres LOCATION '/ssd';\n"
                + "GRANT CREATE ON TABLESPACE fast TO app;\nCREATE ROLE Mixed;\nREVOKE x FROM \"Y\";\n");
        assertEquals(new Statement("CREATE TABLESPACE fast OWNER postgres LOCATION '/ssd'", Subject.TABLESPACE, "fast"), st.get(0));
        assertEquals(Subject.TABLESPACE, st.get(1).subject());
        assertEquals("fast", st.get(1).name());
        assertEquals("mixed", st.get(2).name());
        assertEquals(new Statement("REVOKE x FROM \"Y\"", Subject.ROLE, "Y"), st.get(3));
        assertTrue(GlobalsScript.parse("\\connect postgres\n-- x\n").isEmpty());
    }
}
