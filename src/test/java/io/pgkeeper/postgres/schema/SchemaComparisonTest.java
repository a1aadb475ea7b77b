package io.pgkeeper.postgres.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaComparisonTest {
    /** pg_dump 15 --schema-only --create of a database with an inheritance child made by ALTER TABLE ... INHERIT (trimmed). */
    static final String SOURCE = """
            --
            -- PostgreSQL database dump
            --

            \\restrict oS6nerRODfHeinEisDXDK6OOcHp16PGxDcykXeRr4roi4H8HwGPtsSTWZLHAakl

            SET statement_timeout = 0;
            SELECT pg_catalog.set_config('search_path', '', false);

            --
            -- Name: inh; Type: DATABASE; Schema: -; Owner: postgres
            --

            CREATE DATABASE inh WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C.UTF-8' TABLESPACE = fast;


            ALTER DATABASE inh OWNER TO postgres;

            \\unrestrict oS6nerRODfHeinEisDXDK6OOcHp16PGxDcykXeRr4roi4H8HwGPtsSTWZLHAakl
            \\connect inh
            \\restrict oS6nerRODfHeinEisDXDK6OOcHp16PGxDcykXeRr4roi4H8HwGPtsSTWZLHAakl

            SET default_tablespace = '';

            SET default_table_access_method = heap;

            --
            -- Name: p; Type: TABLE; Schema: public; Owner: postgres
            --

            CREATE TABLE public.p (
                a integer,
                b text,
                d date
            );


            ALTER TABLE public.p OWNER TO postgres;

            --
            -- Name: c; Type: TABLE; Schema: public; Owner: postgres
            --

            CREATE TABLE public.c (
                z integer,
                b text,
                a integer,
                CONSTRAINT z_positive CHECK ((z > 0))
            )
            INHERITS (public.p);


            ALTER TABLE public.c OWNER TO postgres;

            --
            -- Name: f(integer); Type: FUNCTION; Schema: public; Owner: postgres
            --

            CREATE FUNCTION public.f(x integer) RETURNS integer
                LANGUAGE sql
                AS $$ SELECT x + 1; -- a comment; inside
            $$;

            --
            -- Name: c_z_idx; Type: INDEX; Schema: public; Owner: postgres; Tablespace: fast
            --

            CREATE INDEX c_z_idx ON public.c USING btree (z);

            --
            -- Name: TABLE c; Type: ACL; Schema: public; Owner: postgres
            --

            GRANT SELECT ON TABLE public.c TO reader;

            --
            -- PostgreSQL database dump complete
            --

            \\unrestrict oS6nerRODfHeinEisDXDK6OOcHp16PGxDcykXeRr4roi4H8HwGPtsSTWZLHAakl
            """;

    /** The same database after pg_dump | pg_restore: inherited columns first; another \\restrict key. */
    static final String ROUND_TRIP = SOURCE.replace("oS6nerRODfHeinEisDXDK6OOcHp16PGxDcykXeRr4roi4H8HwGPtsSTWZLHAakl", "N0vZJt4AMK6bKwagspZL")
            .replace("    z integer,\n    b text,\n    a integer,", "    a integer,\n    b text,\n    z integer,");

    @Test
    void aFaithfulRoundTripIsTheSameAndNamesTheInheritanceEffect() {
        SchemaComparison.Result r = SchemaComparison.compare(SOURCE, ROUND_TRIP, SchemaComparison.Options.EXACT);
        assertTrue(r.same(), r.toString());
        assertEquals(1, r.known().size(), r.toString());
        SchemaDifference d = r.known().get(0);
        assertEquals("column order", d.kind());
        assertEquals("public.c", d.object());
        assertEquals("z, b, a", d.recorded());
        assertEquals("a, b, z", d.restored());
        assertTrue(d.describe().contains("known effect of pg_dump"), d.describe());
    }

    @Test
    void theSameOrderChangeOnATableWithoutParentIsReal() {
        String src = SOURCE.replace(")\nINHERITS (public.p);", ");");
        String copy = ROUND_TRIP.replace(")\nINHERITS (public.p);", ");");
        SchemaComparison.Result r = SchemaComparison.compare(src, copy, SchemaComparison.Options.EXACT);
        assertEquals(List.of("column order public.c"), r.real().stream().map(d -> d.kind() + " " + d.object()).toList());
    }

    @Test
    void namesEachObjectThatDiffers() {
        String copy = SOURCE.replace("    b text,\n    a integer,", "    b varchar,\n    a integer,\n    extra int,")
                .replace("CONSTRAINT z_positive CHECK ((z > 0))", "CONSTRAINT z_positive CHECK ((z >= 0))")
                .replace("SELECT x + 1;", "SELECT x + 2;")
                .replace("CREATE INDEX c_z_idx ON", "CREATE INDEX c_other_idx ON")
                .replace("Name: c_z_idx; Type: INDEX", "Name: c_other_idx; Type: INDEX");
        SchemaComparison.Result r = SchemaComparison.compare(SOURCE, copy, SchemaComparison.Options.EXACT);
        List<String> named = r.real().stream().map(d -> d.kind() + " " + d.object()).toList();
        assertEquals(List.of("column public.c.b", "column public.c.extra", "constraint public.c.z_positive", "function public.f(integer)",
                "index public.c_z_idx", "index public.c_other_idx"), named, r.toString());
        assertTrue(r.real().get(0).describe().contains("recorded \"b text\", restored \"b varchar\""), r.real().get(0).describe());
        assertTrue(r.real().get(4).describe().contains("missing after the restore"), r.real().get(4).describe());
    }

    @Test
    void aSandboxWithoutTablespacesOrRolesComparesTheRest() {
        String copy = SOURCE.replace(" TABLESPACE = fast;", ";").replace("; Tablespace: fast", "")
                .replace("ALTER TABLE public.c OWNER TO postgres;", "ALTER TABLE public.c OWNER TO sandbox;")
                .replace("GRANT SELECT ON TABLE public.c TO reader;", "");
        assertEquals(List.of("database", "table", "tablespace", "acl"), SchemaComparison.compare(SOURCE, copy, SchemaComparison.Options.EXACT)
                .real().stream().map(d -> d.kind().equals("index") ? "tablespace" : d.kind()).toList());
        assertTrue(SchemaComparison.compare(SOURCE, copy, new SchemaComparison.Options(true, true)).same());
        assertEquals(2, SchemaComparison.compare(SOURCE, copy, new SchemaComparison.Options(true, false)).real().size());
    }
}
