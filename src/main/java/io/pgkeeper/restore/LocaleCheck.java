package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.Catalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves, before anything is created, that a server can create a database with the dump's
 * encoding and locales: a collation with the same provider and locale is created in a
 * transaction that is rolled back, in the session's temporary schema. That fails exactly when
 * the server has no ICU, or the operating system lacks the libc locale. On PostgreSQL 16 and
 * later an unknown ICU locale is an error too ({@code icu_validation_level}); PostgreSQL 15's ICU
 * accepts any name.
 */
public final class LocaleCheck {
    private LocaleCheck() {}

    private static void knownEncoding(Connection c, String encoding, String target) {
        try (Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT pg_char_to_encoding(" + Catalog.literal(encoding) + ") >= 0")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw PgKeeperException.failed("this server does not know encoding " + encoding + " of database \"" + target
                        + "\"; nothing was changed", "restore into a PostgreSQL that supports it");
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot check encoding " + encoding + ": " + e.getMessage(), null, e);
        }
    }

    public static void probe(Connection c, int serverVersionNum, DatabaseProperties p, String target) {
        List<String> sql = new ArrayList<>();
        if (serverVersionNum >= 160000 && p.localeProvider().equals("icu")) {
            sql.add("SET LOCAL icu_validation_level = error");
        }
        p.option("ENCODING").ifPresent(e -> knownEncoding(c, e, target));
        String provider = p.localeProvider();
        int n = 0;
        if (provider.equals("icu") || provider.equals("builtin")) {
            String locale = p.providerLocale().orElse(provider.equals("icu") ? "und" : "C");
            sql.add("CREATE COLLATION pg_temp.pgkeeper_probe_" + n++ + " (provider = " + provider + ", locale = " + Catalog.literal(locale) + ")");
        }
        for (String l : new java.util.LinkedHashSet<>(List.of(p.lcCollate().orElse("C"), p.lcCtype().orElse("C")))) {
            sql.add("CREATE COLLATION pg_temp.pgkeeper_probe_" + n++ + " (provider = libc, locale = " + Catalog.literal(l) + ")");
        }
        try {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String s : sql) {
                    st.execute(s);
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                // no right to a temporary schema here: the CREATE DATABASE itself will tell, and creates nothing when it fails
                return;
            }
            throw PgKeeperException.failed("this server cannot create database \"" + target + "\" as it was dumped (" + p.describeLocale()
                    + "): " + e.getMessage() + "; nothing was changed",
                    provider.equals("icu") ? "use a PostgreSQL built with ICU, and an ICU that knows the locale"
                            : "install the locale on the server's machine (locale -a lists them; on Debian: locales, dpkg-reconfigure locales) and restart PostgreSQL");
        }
    }
}
