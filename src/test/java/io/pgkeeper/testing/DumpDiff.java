package io.pgkeeper.testing;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An oracle independent of pgkeeper: {@code pg_dump --create} of two databases (schema, data,
 * large objects, database-level properties), normalised, compared object by object.
 *
 * <p>Normalising removes only what two faithful copies may differ in:
 * <ul>
 *   <li>the database's own name, so copies under different names compare;</li>
 *   <li>psql meta-commands: {@code \restrict} carries a random key per run, {@code \connect} the name;</li>
 *   <li>pg_dump's banner comments ("Dumped from database version ...");</li>
 *   <li>the order of rows inside a COPY block: pg_dump reads a table in storage order;</li>
 *   <li>the order of objects: pg_dump breaks ties by OID, and a copy's OIDs follow its restore order.</li>
 * </ul>
 * Everything else must be equal, line by line within each object: every definition, column
 * order, ownership, privilege, comment, database setting and row.
 */
public final class DumpDiff {
    private static final Pattern HEADER = Pattern.compile("^-- (?:Data for )?Name: .*; Type: .*$");
    private static final Pattern KEY = Pattern.compile("^(?:Data for )?Name: (.*); Type: ([^;]*); Schema: ([^;]*);.*$");
    private static final Pattern COPY_START = Pattern.compile("^COPY .* FROM stdin;$");

    private DumpDiff() {}

    /**
     * One object that differs.
     *
     * @param object pg_dump's header of it, e.g. {@code Name: t; Type: TABLE; Schema: public; Owner: o}
     * @param detail "only in X" with its lines, or a unified diff
     */
    public record Difference(String object, String detail) {
        /** The object's type as pg_dump names it: {@code TABLE}, {@code TABLE DATA}, {@code DATABASE PROPERTIES}... */
        public String type() {
            Matcher m = KEY.matcher(object);
            return m.matches() ? m.group(2) : "";
        }

        /** The object's schema-qualified name for schema objects ({@code public.t}), else its name. */
        public String name() {
            Matcher m = KEY.matcher(object);
            if (!m.matches()) {
                return object;
            }
            return m.group(3).equals("-") ? m.group(1) : m.group(3) + "." + m.group(1);
        }

        @Override
        public String toString() {
            return detail;
        }
    }

    /** The outcome: how many objects the left dump holds, and each difference, naming the object. */
    public record Result(String left, String right, int objects, List<Difference> differences) {
        public Result {
            differences = List.copyOf(differences);
        }

        public boolean same() {
            return differences.isEmpty();
        }

        /** A readable report, cut after about {@code maxChars} characters. */
        public String report(int maxChars) {
            if (same()) {
                return "pg_dump of " + left + " and " + right + " are equal (" + objects + " objects)";
            }
            StringBuilder sb = new StringBuilder("pg_dump of " + left + " (-) and " + right + " (+) differ in " + differences.size()
                    + " of " + objects + " objects:\n");
            for (int i = 0; i < differences.size(); i++) {
                if (sb.length() > maxChars) {
                    sb.append("... and ").append(differences.size() - i).append(" more\n");
                    break;
                }
                sb.append(differences.get(i).detail()).append('\n');
            }
            return sb.toString();
        }
    }

    /** Dumps both databases with the newest installed pg_dump and compares them. */
    public static Result between(TestCluster leftCluster, String left, TestCluster rightCluster, String right) {
        return between(leftCluster.server().access().toolEnv(), left, rightCluster.server().access().toolEnv(), right);
    }

    public static Result between(TestCluster cluster, String left, String right) {
        return between(cluster, left, cluster, right);
    }

    /** @param leftEnv, rightEnv libpq variables (PGHOST, PGPORT, PGUSER...) reaching each database's server */
    public static Result between(Map<String, String> leftEnv, String left, Map<String, String> rightEnv, String right) {
        return compare(left, objects(dump(leftEnv, left), left), right, objects(dump(rightEnv, right), right));
    }

    /** {@code pg_dump --create} of one database, as plain SQL. */
    public static String dump(Map<String, String> libpqEnv, String database) {
        ToolResult r = Processes.runner().run(ToolCall.of("pg_dump",
                List.of(TestCluster.serverTools().bin("pg_dump"), "--create", "--no-password", "--dbname=" + RawRoundTrip.conninfo(database)),
                libpqEnv, Duration.ofMinutes(10)).withStdout(ToolCall.Stdout.capture()));
        r.orThrow("pg_dump --create " + database + " (the DumpDiff oracle)", null);
        return r.stdout();
    }

    /** Splits a plain dump into its objects, keyed by pg_dump's header ("Name: t; Type: TABLE; Schema: s; Owner: o"). */
    static Map<String, List<String>> objects(String dumpSql, String database) {
        Map<String, List<String>> objects = new LinkedHashMap<>();
        List<String> current = new ArrayList<>();
        objects.put("(preamble)", current);
        List<String> rows = null;
        for (String line : dumpSql.split("\n", -1)) {
            if (rows != null) {
                if (line.equals("\\.")) {
                    rows.sort(null);
                    current.addAll(rows);
                    current.add(line);
                    rows = null;
                } else {
                    rows.add(line);
                }
                continue;
            }
            if (HEADER.matcher(line).matches()) {
                current = new ArrayList<>();
                objects.put(uniqueKey(objects, renameDatabase(line.substring(3), database)), current);
                continue;
            }
            if (line.startsWith("\\connect ")) {
                // What follows is the preamble's session settings again. pg_dump reconnects once more
                // after database properties; that repeat is a consequence of them, not an object.
                current = new ArrayList<>();
                objects.putIfAbsent("(after \\connect)", current);
                continue;
            }
            if (line.equals("--") || line.startsWith("-- Dumped ") || line.startsWith("-- PostgreSQL database dump")
                    || line.startsWith("\\restrict ") || line.startsWith("\\unrestrict ")) {
                continue;
            }
            current.add(renameDatabase(line, database));
            if (COPY_START.matcher(line).matches()) {
                rows = new ArrayList<>();
            }
        }
        if (rows != null) {
            throw new IllegalStateException("pg_dump output of " + database + " ends inside a COPY block: truncated dump");
        }
        objects.replaceAll((k, v) -> trimBlankLines(v));
        return objects;
    }

    static Result compare(String left, Map<String, List<String>> a, String right, Map<String, List<String>> b) {
        List<Difference> differences = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : a.entrySet()) {
            List<String> other = b.get(e.getKey());
            if (other == null) {
                differences.add(new Difference(e.getKey(), "only in " + left + ": " + e.getKey() + "\n" + indent(e.getValue(), "  - ", 12)));
            } else if (!other.equals(e.getValue())) {
                List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(left, right, e.getValue(), DiffUtils.diff(e.getValue(), other), 2);
                differences.add(new Difference(e.getKey(), "differs: " + e.getKey() + "\n" + indent(diff.subList(Math.min(2, diff.size()), diff.size()), "  ", 40)));
            }
        }
        for (Map.Entry<String, List<String>> e : b.entrySet()) {
            if (!a.containsKey(e.getKey())) {
                differences.add(new Difference(e.getKey(), "only in " + right + ": " + e.getKey() + "\n" + indent(e.getValue(), "  + ", 12)));
            }
        }
        return new Result(left, right, a.size(), differences);
    }

    /** Replaces the database's own name where pg_dump names the database, in its raw and quoted forms. */
    static String renameDatabase(String line, String database) {
        String quoted = "\"" + database.replace("\"", "\"\"") + "\"";
        String name = "(?:" + Pattern.quote(quoted) + "|" + Pattern.quote(database) + ")";
        String out = line.replaceAll("\\bDATABASE " + name + "(?=[;\\s]|$)", Matcher.quoteReplacement("DATABASE :database"));
        return out.replaceAll("^(Name: )" + name + "(; Type: DATABASE)", "$1:database$2");
    }

    private static String uniqueKey(Map<String, ?> map, String key) {
        if (!map.containsKey(key)) {
            return key;
        }
        int n = 2;
        while (map.containsKey(key + " #" + n)) {
            n++;
        }
        return key + " #" + n;
    }

    private static List<String> trimBlankLines(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        return new ArrayList<>(lines.subList(from, to));
    }

    private static String indent(List<String> lines, String prefix, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size() && i < max; i++) {
            sb.append(prefix).append(lines.get(i)).append('\n');
        }
        if (lines.size() > max) {
            sb.append(prefix).append("... (").append(lines.size() - max).append(" more lines)\n");
        }
        return sb.toString().stripTrailing();
    }
}
