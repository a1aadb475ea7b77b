package io.pgkeeper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The oracle's normalisation: what it forgives (names, row order, object order, random keys) and what it must not. */
class DumpDiffTest {
    private static String dump(String db, String restrictKey, String... body) {
        return String.join("\n", List.of(
                "--", "-- PostgreSQL database dump", "--", "",
                "\\restrict " + restrictKey, "",
                "-- Dumped from database version 15.18", "-- Dumped by pg_dump version 15.18", "",
                "SET statement_timeout = 0;", "",
                "--", "-- Name: " + db + "; Type: DATABASE; Schema: -; Owner: postgres", "--", "",
                "CREATE DATABASE " + db + " WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';", "",
                "ALTER DATABASE " + db + " OWNER TO postgres;", "",
                "\\connect " + db, "")) + "\n" + String.join("\n", body) + "\n\\unrestrict " + restrictKey + "\n";
    }

    private static final String[] TABLE = {
        "--", "-- Name: t; Type: TABLE; Schema: public; Owner: postgres", "--", "",
        "CREATE TABLE public.t (", "    a integer,", "    b text", ");", ""};

    private static String[] with(String[] head, String... tail) {
        String[] out = new String[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    private static DumpDiff.Result compare(String left, String leftSql, String right, String rightSql) {
        return DumpDiff.compare(left, DumpDiff.objects(leftSql, left), right, DumpDiff.objects(rightSql, right));
    }

    @Test
    void copiesUnderOtherNamesWithOtherRowOrderAndRandomKeysAreEqual() {
        String a = dump("copy_a", "KEYA", with(TABLE, "--", "-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: postgres",
                "--", "", "COPY public.t (a, b) FROM stdin;", "1\tone", "2\ttwo", "\\.", "",
                "--", "-- Name: DATABASE copy_a; Type: ACL; Schema: -; Owner: postgres", "--", "",
                "REVOKE CONNECT,TEMPORARY ON DATABASE copy_a FROM PUBLIC;", ""));
        String b = dump("\"Copy B\"", "KEYB", with(TABLE, "--", "-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: postgres",
                "--", "", "COPY public.t (a, b) FROM stdin;", "2\ttwo", "1\tone", "\\.", "",
                "--", "-- Name: DATABASE \"Copy B\"; Type: ACL; Schema: -; Owner: postgres", "--", "",
                "REVOKE CONNECT,TEMPORARY ON DATABASE \"Copy B\" FROM PUBLIC;", ""));
        DumpDiff.Result r = DumpDiff.compare("copy_a", DumpDiff.objects(a, "copy_a"), "Copy B", DumpDiff.objects(b, "Copy B"));
        assertTrue(r.same(), r.report(10_000));
        assertEquals(6, r.objects(), "preamble, database, after \\connect, table, data, ACL");
    }

    @Test
    void objectOrderDoesNotCountButLineOrderWithinAnObjectDoes() {
        String[] other = {"--", "-- Name: u; Type: TABLE; Schema: public; Owner: postgres", "--", "", "CREATE TABLE public.u (x int);", ""};
        String a = dump("d", "K", with(TABLE, other));
        String b = dump("d", "K", with(other, TABLE));
        assertTrue(compare("d", a, "d", b).same());

        String swapped = dump("d", "K", with(other, "--", "-- Name: t; Type: TABLE; Schema: public; Owner: postgres", "--", "",
                "CREATE TABLE public.t (", "    b text,", "    a integer", ");", ""));
        DumpDiff.Result r = compare("d", a, "d", swapped);
        assertFalse(r.same());
        assertEquals(1, r.differences().size(), r.report(10_000));
        assertTrue(r.differences().get(0).detail().startsWith("differs: Name: t; Type: TABLE; Schema: public; Owner: postgres"), r.report(10_000));
        assertEquals("TABLE", r.differences().get(0).type());
        assertEquals("public.t", r.differences().get(0).name());
    }

    @Test
    void aLostDatabaseSettingOrRowIsReportedByObject() {
        String a = dump("src", "K", with(TABLE, "--", "-- Name: src; Type: DATABASE PROPERTIES; Schema: -; Owner: postgres", "--", "",
                "ALTER DATABASE src SET lc_messages TO 'C';", "",
                "--", "-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: postgres", "--", "",
                "COPY public.t (a, b) FROM stdin;", "1\tone", "2\ttwo", "\\.", ""));
        String b = dump("dst", "K", with(TABLE, "--", "-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: postgres", "--", "",
                "COPY public.t (a, b) FROM stdin;", "1\tone", "\\.", ""));
        DumpDiff.Result r = compare("src", a, "dst", b);
        assertEquals(2, r.differences().size(), r.report(10_000));
        assertTrue(r.report(10_000).contains("only in src: Name: :database; Type: DATABASE PROPERTIES"), r.report(10_000));
        assertTrue(r.report(10_000).contains("-2\ttwo"), r.report(10_000));
    }

    @Test
    void theDatabaseNameIsReplacedOnlyWhereItNamesTheDatabase() {
        assertEquals("GRANT CONNECT ON DATABASE :database TO app;", DumpDiff.renameDatabase("GRANT CONNECT ON DATABASE prod TO app;", "prod"));
        assertEquals("ALTER ROLE r IN DATABASE :database SET x TO '1';", DumpDiff.renameDatabase("ALTER ROLE r IN DATABASE prod SET x TO '1';", "prod"));
        assertEquals("COMMENT ON DATABASE :database IS 'x';", DumpDiff.renameDatabase("COMMENT ON DATABASE \"we\"\"ird\" IS 'x';", "we\"ird"));
        assertEquals("CREATE TABLE prod.prod (prod int);", DumpDiff.renameDatabase("CREATE TABLE prod.prod (prod int);", "prod"));
        assertEquals("ALTER DATABASE production SET x TO 1;", DumpDiff.renameDatabase("ALTER DATABASE production SET x TO 1;", "prod"));
    }

    @Test
    void aTruncatedDumpIsAnErrorNotAShorterDump() {
        String cut = dump("d", "K", "COPY public.t (a, b) FROM stdin;", "1\tone").replace("\\unrestrict K\n", "");
        try {
            Map<String, List<String>> objects = DumpDiff.objects(cut, "d");
            throw new AssertionError("no error for a dump cut inside COPY: " + objects);
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("inside a COPY block"));
        }
    }
}
