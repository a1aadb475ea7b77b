package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.SandboxPolicy;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A throwaway server: a fresh directory under {@code verify.sandbox.baseDir} (or the system temp
 * directory) holding an initdb'd cluster, or a restored base backup, that listens on its own
 * socket directory and 127.0.0.1 only. verify proves backups in one; a point-in-time restore of
 * one database recovers the base backup in one. It only reads the repository, and closing it
 * stops the server and removes the whole directory, whatever happened before.
 */
public final class Sandbox implements AutoCloseable {
    /** Speed over durability: nothing in a sandbox outlives the run. */
    public static final Map<String, String> SETTINGS = settings();
    /** sun_path holds 108 bytes with its NUL; the name is short because the socket lives in the directory. */
    private static final int MAX_SOCKET_PATH = 107;
    /** The directory's name says who made it: verify-1a2b3c, restore-4d5e6f. */
    public static final String VERIFY = "verify";
    public static final String RESTORE = "restore";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Sandbox.class);

    private final Path dir;
    private LocalServer server;

    private Sandbox(Path dir) {
        this.dir = dir;
    }

    /** A verify sandbox: the directory only; {@link #start} runs initdb and the server. */
    public static Sandbox create(SandboxPolicy policy, String backupId) {
        return create(policy, backupId, VERIFY);
    }

    /** @param purpose {@link #VERIFY} or {@link #RESTORE}, the start of the directory's name */
    public static Sandbox create(SandboxPolicy policy, String backupId, String purpose) {
        String prefix = purpose + "-";
        Path parent = policy.baseDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            if (!Files.isDirectory(parent)) {
                // 0711: the sandbox's OS user must be able to pass through, but not list it.
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
            }
            Path probe = parent.toAbsolutePath().resolve(prefix + "000000").resolve(".s.PGSQL.65535");
            if (probe.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
                throw PgKeeperException.failed("the sandbox directory under " + parent + " would make the server's socket path longer than "
                        + MAX_SOCKET_PATH + " bytes, which PostgreSQL cannot use", "set verify.sandbox.baseDir to a shorter path, e.g. /var/tmp/pgkeeper");
            }
            for (int i = 0; i < 100; i++) {
                Path dir = parent.toAbsolutePath().resolve(prefix + String.format("%06x", RANDOM.nextInt(1 << 24)));
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(SecureFiles.DIR));
                    log.info("{} sandbox for backup {} in {}", purpose, backupId, dir);
                    return new Sandbox(dir);
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    // another verify picked the same name; draw again
                }
            }
            throw new IOException("no free sandbox name after 100 tries");
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot create the sandbox directory under " + parent + ": " + e.getMessage(),
                    "set verify.sandbox.baseDir to a directory this user can write and sandbox.osUser can traverse");
        }
    }

    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fsync", "off");
        s.put("full_page_writes", "off");
        s.put("synchronous_commit", "off");
        s.put("archive_mode", "off");
        s.put("wal_level", "minimal");
        s.put("max_wal_senders", "0");
        s.put("max_wal_size", "'1GB'");
        s.put("autovacuum", "off");
        s.put("shared_buffers", "'32MB'");
        // Checks read timestamps without time zone as UTC, whatever this machine's zone is.
        s.put("timezone", "'UTC'");
        return Map.copyOf(s);
    }

    /** @param runAs as for {@link LocalServer#initdb}: the sandbox's OS user when pgkeeper is root */
    public LocalServer start(ProcessRunner runner, PgTools tools, Optional<String> runAs, Duration timeout) {
        server = LocalServer.initdb(runner, tools, dir, runAs, SETTINGS, timeout);
        return server.start();
    }

    /** Starts a restored data directory without waiting: the recovery wait watches it. */
    public LocalServer launch(ProcessRunner runner, PgTools tools, Path dataDir, int port, Optional<String> runAs, Duration timeout) {
        server = LocalServer.adopt(runner, tools, dir, dataDir, port, runAs, timeout);
        return server.launch();
    }

    public Path dir() {
        return dir;
    }

    public Optional<LocalServer> server() {
        return Optional.ofNullable(server);
    }

    /** Stops the server if it runs and removes the directory, also when initdb never finished. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
            return;
        }
        LocalServer.deleteTree(dir);
    }
}
