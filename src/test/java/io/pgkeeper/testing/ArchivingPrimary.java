package io.pgkeeper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A primary that archives every WAL segment through {@code pgkeeper archive push} into a
 * repository of a policy the server's OS user can read, as production is set up (docs/pitr.md).
 * The policy's cluster is {@code main}; {@link #policy(int)} points it at another server, e.g.
 * the new primary after a failover, with the same repository.
 */
public final class ArchivingPrimary implements AutoCloseable {
    private final Path dir;
    private final Path policy;
    private final TestCluster server;

    private ArchivingPrimary(Path dir, Path policy, TestCluster server) {
        this.dir = dir;
        this.policy = policy;
        this.server = server;
    }

    public static ArchivingPrimary start() {
        return start(Map.of(), "");
    }

    /** @param extraClusterYaml lines inside {@code clusters.main}, indented by 4 spaces */
    public static ArchivingPrimary start(Map<String, String> settings, String extraClusterYaml) {
        Path dir = Launcher.serverWritableDir();
        Path policy = dir.resolve("pgkeeper.yaml");
        String push = Launcher.script() + " archive push --quiet --policy " + policy + " --cluster main %p";
        Map<String, String> conf = new LinkedHashMap<>(Map.of("wal_level", "replica", "archive_mode", "on", "archive_command", "'" + push + "'",
                "max_wal_senders", "5", "autovacuum", "off"));
        conf.putAll(settings);
        TestCluster server = TestCluster.start(conf);
        ArchivingPrimary p = new ArchivingPrimary(dir, policy, server);
        p.writePolicy(server.port(), extraClusterYaml);
        return p;
    }

    /** Rewrites the policy for a server on another port (same repository, same cluster name). */
    public Path policy(int port, String extraClusterYaml) {
        writePolicy(port, extraClusterYaml);
        return policy;
    }

    private void writePolicy(int port, String extra) {
        try {
            Files.writeString(policy, "version: 1\nrepository:\n  path: " + repository() + "\nclusters:\n  main:\n"
                    + "    connection: {host: 127.0.0.1, port: " + port + ", user: postgres}\n"
                    + "    osUser: " + TestCluster.OS_USER + "\n"
                    + "    archive:\n      launcher: " + Launcher.script() + "\n" + extra);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Launcher.readable(policy);
    }

    public TestCluster server() {
        return server;
    }

    public Path dir() {
        return dir;
    }

    public Path policy() {
        return policy;
    }

    public Path repository() {
        return dir.resolve("repo");
    }

    public Path walDir() {
        return repository().resolve("main/wal");
    }

    /** pgkeeper with this policy, in-process; fails the test unless it exits 0. */
    public Cli.Result pgkeeper(String... args) {
        Cli.Result r = run(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("pgkeeper " + String.join(" ", args) + " failed:\n" + r);
        }
        return r;
    }

    public Cli.Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--policy";
        all[1] = policy.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    /** A new base backup; returns its id. */
    public String basebackup() {
        return pgkeeper("basebackup").out().trim();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            Launcher.deleteQuietly(dir);
        }
    }
}
