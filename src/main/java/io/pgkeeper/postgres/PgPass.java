package io.pgkeeper.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes libpq password files, so that JDBC finds the same password the tools do and
 * a password from the environment can reach the tools without entering argv.
 */
public final class PgPass {
    private PgPass() {}

    /** The first matching entry's password, following libpq's matching and escaping rules. */
    public static Optional<String> lookup(Path passfile, String host, int port, String database, String user) {
        List<String> lines;
        try {
            lines = Files.readAllLines(passfile);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = split(line);
            if (fields.size() < 5) {
                continue;
            }
            if (matches(fields.get(0), host) && matches(fields.get(1), Integer.toString(port))
                    && matches(fields.get(2), database) && matches(fields.get(3), user)) {
                return Optional.of(fields.get(4));
            }
        }
        return Optional.empty();
    }

    /** One line that matches any host, port, database and user. */
    public static String wildcardLine(String password) {
        return "*:*:*:*:" + escape(password) + "\n";
    }

    /**
     * As libpq: "localhost" also stands for a Unix-socket directory, but not for 127.0.0.1 (libpq
     * would not send that password to pg_dump, so JDBC must not find it either).
     */
    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value)
                || (pattern.equals("localhost") && value.startsWith("/"));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
