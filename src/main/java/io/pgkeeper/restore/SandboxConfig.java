package io.pgkeeper.restore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one writer of the configuration of a sandbox that recovers a physical backup (verify, and
 * the point-in-time restore of one database), for both engines. The restored
 * copy keeps the backup's settings except what would let it touch anything outside the sandbox
 * or slow it down: it listens on 127.0.0.1 and its own socket, trusts only local connections
 * (the backup's pg_hba.conf may want passwords the policy has only for production), never
 * archives, logs to the sandbox in C so the recovery wait can read it, and skips hot standby,
 * whose minimums (max_connections and the like) would stop a copy smaller than production.
 * The backup's own recovery and primary settings are stripped as for any restore.
 */
public final class SandboxConfig {
    private SandboxConfig() {}

    /** @param recovery the recovery block: pgkeeper's, or what pgbackrest restore wrote */
    public static void write(Path data, Path sandboxDir, int port, List<String> recovery) throws IOException {
        Path conf = data.resolve("postgresql.conf");
        if (!Files.exists(conf)) {
            // a Debian-style cluster keeps its configuration outside the data directory
            Files.writeString(conf, "# written by pgkeeper verify: the backup had no postgresql.conf\n");
        } else {
            var fixed = AutoConf.commentedOut(Files.readString(conf, StandardCharsets.UTF_8), List.of("data_directory", "external_pid_file"));
            if (fixed.isPresent()) {
                Files.writeString(conf, fixed.get(), StandardCharsets.UTF_8);
            }
        }
        Files.writeString(data.resolve("pg_hba.conf"), "# pgkeeper verify sandbox: private, loopback and socket only\n"
                + "local all all trust\nhost all all 127.0.0.1/32 trust\n");
        if (!Files.exists(data.resolve("pg_ident.conf"))) {
            Files.writeString(data.resolve("pg_ident.conf"), "");
        }
        Path auto = data.resolve("postgresql.auto.conf");
        String before = Files.exists(auto) ? Files.readString(auto, StandardCharsets.UTF_8) : "";
        Files.writeString(auto, AutoConf.withBlocks(AutoConf.strip(before).text(), settings(data, sandboxDir, port), recovery), StandardCharsets.UTF_8);
        Files.deleteIfExists(data.resolve("standby.signal"));
        Files.writeString(data.resolve("recovery.signal"), "");
    }

    static List<String> settings(Path data, Path sandboxDir, int port) {
        List<String> s = new ArrayList<>();
        s.add("port = " + port);
        s.add("listen_addresses = '127.0.0.1'");
        s.add("unix_socket_directories = '" + sandboxDir + "'");
        s.add("hba_file = '" + data.resolve("pg_hba.conf") + "'");
        s.add("ident_file = '" + data.resolve("pg_ident.conf") + "'");
        s.add("archive_mode = off");
        s.add("fsync = off");
        s.add("synchronous_commit = off");
        s.add("hot_standby = off");
        s.add("shared_buffers = '128MB'");
        s.add("huge_pages = try");
        s.add("logging_collector = off");
        s.add("log_destination = 'stderr'");
        s.add("lc_messages = 'C'");
        return s;
    }
}
