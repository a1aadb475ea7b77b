package io.pgkeeper.testing;

import io.pgkeeper.postgres.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A {@link TestCluster} set up as a new operator would: a backup role that is no superuser
 * ({@code pg_read_all_data} and {@code REPLICATION}), scram passwords read from a passfile, and
 * a pg_hba.conf whose lines the test chooses. The fixture's own superuser keeps trust on loopback.
 */
public final class OperatorSetup {
    public static final String ROLE = "backup";
    public static final String PASSWORD = "s3cret-backup";

    private OperatorSetup() {}

    /** Creates {@link #ROLE} (LOGIN REPLICATION, pg_read_all_data) with a scram password. */
    public static void backupRole(TestCluster pg) {
        pg.execute("postgres", "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE " + ROLE + " LOGIN REPLICATION PASSWORD '" + PASSWORD + "'", "GRANT pg_read_all_data TO " + ROLE);
    }

    /**
     * Rewrites pg_hba.conf and reloads: the backup role must give its scram password over TCP;
     * with {@code replication} it may also open replication connections.
     */
    public static void hba(TestCluster pg, boolean replication) {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "local all all trust",
                "host all " + ROLE + " 127.0.0.1/32 scram-sha-256",
                "host all all 127.0.0.1/32 trust"));
        if (replication) {
            lines.add("host replication " + ROLE + " 127.0.0.1/32 scram-sha-256");
        }
        lines.add("host replication postgres 127.0.0.1/32 trust");
        try {
            Files.write(pg.server().dataDir().resolve("pg_hba.conf"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pg.execute("postgres", "SELECT pg_reload_conf()");
    }

    /** A 0600 passfile for the backup role; as root it is given to {@code owner}, who will read it. */
    public static Path passfile(Path dir, TestCluster pg, String owner) {
        try {
            Path f = dir.resolve("backup.pgpass");
            Files.writeString(f, "127.0.0.1:" + pg.port() + ":*:" + ROLE + ":" + PASSWORD + "\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            if (Processes.OS.root()) {
                LocalServer.chown(f, owner);
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The policy's connection block (6-space indent) for the backup role with that passfile. */
    public static String connection(TestCluster pg, Path passfile) {
        return "      host: 127.0.0.1\n      port: " + pg.port() + "\n      user: " + ROLE + "\n      passfile: " + passfile + "\n";
    }
}
