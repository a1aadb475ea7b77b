package io.pgkeeper.postgres.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
    @Test
    void splitsOnlyAtSemicolonsThatEndStatements() {
        String script = """
                -- Name: f; Type: FUNCTION; Schema: public; Owner: postgres
                \\connect app
                CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;b' -- not; a comment end
                $body$;
                COMMENT ON TABLE t IS E'it\\'s; fine';
                SELECT "odd;name", $$x;y$$, 'q''uote;' /* block; /* nested; */ still */ FROM t;
                SELECT $1::int;
                """;
        List<SqlStatement> st = SqlScript.statements(script);
        assertEquals(4, st.size(), st.toString());
        assertEquals(List.of("-- Name: f; Type: FUNCTION; Schema: public; Owner: postgres"), st.get(0).commentsBefore());
        assertEquals("CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;b' -- not; a comment end\n$body$", st.get(0).text());
        assertEquals(" SELECT 'a;b' -- not; a comment end\n", st.get(0).tokens().get(st.get(0).size() - 1).value());
        assertEquals("it's; fine", st.get(1).token(5).value());
        assertEquals("odd;name", st.get(2).token(1).value());
        assertEquals(Token.Type.QUOTED_IDENT, st.get(2).token(1).type());
        assertEquals("x;y", st.get(2).token(3).value());
        assertEquals("q'uote;", st.get(2).token(5).value());
        assertEquals("SELECT $1::int", st.get(3).text());
    }

    @Test
    void foldsUnquotedNamesAndKeepsQuotedOnes() {
        SqlStatement s = SqlScript.statements("ALTER ROLE Database IN DATABASE \"My \"\"App\"\"\" SET x TO 1").get(0);
        assertEquals("database", s.token(2).value());
        assertEquals("My \"App\"", s.token(5).value());
        assertEquals("ALTER ROLE Database IN DATABASE \"b\" SET x TO 1", s.replacing(5, "\"b\""));
    }
}
