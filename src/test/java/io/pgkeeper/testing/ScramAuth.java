package io.pgkeeper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Makes a test server demand scram passwords of some roles, as production servers do, and logs in as them. */
public final class ScramAuth {
    private ScramAuth() {}

    /** Prepends {@code host all|replication ROLE 127.0.0.1/32 scram-sha-256} for each role to pg_hba.conf and reloads. */
    public static void require(TestCluster pg, String... roles) {
        Path hba = pg.server().dataDir().resolve("pg_hba.conf");
        StringBuilder rules = new StringBuilder();
        for (String r : roles) {
            rules.append("host all ").append(r).append(" 127.0.0.1/32 scram-sha-256\n");
            rules.append("host all ").append(r).append(" ::1/128 scram-sha-256\n");
            rules.append("host replication ").append(r).append(" 127.0.0.1/32 scram-sha-256\n");
        }
        try {
            Files.writeString(hba, rules + Files.readString(hba));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pg.queryString("postgres", "SELECT pg_reload_conf()::text");
    }

    /** A libpq passfile (0600) with one line for the role on this server, every database. */
    public static Path passfile(Path dir, TestCluster pg, String role, String password) {
        Path file = dir.resolve(role + ".pgpass");
        try {
            Files.writeString(file, "127.0.0.1:" + pg.port() + ":*:" + role + ":" + password.replace("\\", "\\\\").replace(":", "\\:") + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Logs in as the role with its password over TCP; the SQLException says why a login was refused. */
    public static Connection login(TestCluster pg, String database, String role, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + database, p);
    }
}
