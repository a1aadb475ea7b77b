package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.ConnectionPolicy;
import io.pgkeeper.policy.PgBackRestPolicy;
import io.pgkeeper.policy.PgBackRestS3;
import io.pgkeeper.policy.RepositoryPolicy;
import io.pgkeeper.policy.S3Policy;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.RepositoryLayout;
import io.pgkeeper.util.OsIdentity;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pgbackrest.conf pgkeeper passes with --config: the user's own file when the policy names
 * one, else a file rendered from the policy into {@code <repository>/<cluster>/pgbackrest/}. It
 * is 0600 and owned by the cluster's OS user, which pgbackrest runs as; secrets (cipher pass,
 * S3 keys) may live in it and nowhere else pgkeeper writes.
 */
public final class PgBackRestConfig {
    public static final String STATE_DIR = "pgbackrest";
    public static final String FILE = "pgbackrest.conf";
    /** pg1-path, pg2-host, ...: pgBackRest reads these only in the stanza's section. */
    private static final Pattern STANZA_OPTION = Pattern.compile("pg\\d+-.*|recovery-option|archive-mode|db-include|db-exclude");

    private PgBackRestConfig() {}

    public static Path stateDir(Repository repository, String cluster) {
        return repository.clusterDir(cluster).resolve(STATE_DIR);
    }

    /**
     * Where pgbackrest's config, log, lock and spool live: beside pgkeeper's repository on POSIX;
     * with {@code repository.type: s3} under the local {@code repository.stateDir}, never in the bucket.
     */
    public static Path stateDir(RepositoryPolicy policy, Repository repository, String cluster) {
        return policy.s3().isPresent() ? policy.path().resolve(RepositoryLayout.cluster(cluster)).resolve(STATE_DIR)
                : stateDir(repository, cluster);
    }

    /** The file's text for a POSIX repository. Pure: the unit tests read it. */
    public static String render(ClusterPolicy cluster, PgBackRestPolicy p, Path stateDir, Optional<String> source) {
        return render(cluster, p, stateDir, source, Optional.empty());
    }

    /** The file's text; with a bucket, its repo1-* options ({@link PgBackRestS3}) and no credential. Pure. */
    public static String render(ClusterPolicy cluster, PgBackRestPolicy p, Path stateDir, Optional<String> source, Optional<S3Policy> s3) {
        Map<String, String> global = new LinkedHashMap<>();
        global.put("log-path", stateDir.resolve("log").toString());
        global.put("lock-path", stateDir.resolve("lock").toString());
        global.put("spool-path", stateDir.resolve("spool").toString());
        s3.ifPresent(b -> global.putAll(PgBackRestS3.options(b, cluster.name())));
        Map<String, String> stanza = new LinkedHashMap<>();
        cluster.pgdata().ifPresent(d -> stanza.put("pg1-path", d.toString()));
        ConnectionPolicy c = cluster.connection();
        // pgBackRest talks to a local server over its Unix socket only; a socket directory is the one host that maps.
        c.host().filter(h -> h.startsWith("/") && !h.contains(",")).ifPresent(h -> stanza.put("pg1-socket-path", h));
        c.port().ifPresent(port -> stanza.put("pg1-port", Integer.toString(port)));
        c.user().ifPresent(u -> stanza.put("pg1-user", u));
        c.dbname().ifPresent(d -> stanza.put("pg1-database", d));
        cluster.retention().physical().ifPresent(r -> global.put(PgBackRestOptions.RETENTION_FULL, Integer.toString(r.keepFull())));
        p.options().forEach((k, v) -> (STANZA_OPTION.matcher(k).matches() ? stanza : global).put(k, value(v)));
        StringBuilder sb = new StringBuilder();
        sb.append("# Written by pgkeeper").append(source.map(s -> " from " + s).orElse("")).append(", clusters.").append(cluster.name())
                .append(".physical.pgbackrest.\n# Every pgkeeper run rewrites it: change the policy, not this file.\n\n[global]\n");
        global.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        sb.append("\n[").append(p.stanza()).append("]\n");
        stanza.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /** YAML booleans read as true/false; pgBackRest wants y/n. */
    static String value(String v) {
        return switch (v) {
            case "true" -> "y";
            case "false" -> "n";
            default -> v;
        };
    }

    /**
     * The config file for this cluster, written first when pgkeeper renders it (only when its text
     * changed, so concurrent archive-push calls do not rewrite it).
     */
    /** @param os who pgkeeper runs as: as root, the state directory is given to the cluster's OS user, who runs pgbackrest */
    public static Path prepare(ClusterPolicy cluster, RepositoryPolicy repoPolicy, Repository repository, OsIdentity os, Optional<String> source) {
        PgBackRestPolicy p = policy(cluster);
        if (p.config().isPresent()) {
            Path f = p.config().get();
            if (!Files.isReadable(f)) {
                throw PgKeeperException.usage("the pgBackRest config file " + f + " (clusters." + cluster.name()
                        + ".physical.pgbackrest.config) cannot be read", "check the path, or use pgbackrest.options to let pgkeeper write one");
            }
            return f;
        }
        Path state = stateDir(repoPolicy, repository, cluster.name());
        Path file = state.resolve(FILE);
        String text = render(cluster, p, state, source, repoPolicy.s3());
        try {
            if (repoPolicy.s3().isPresent()) {
                // the bucket is pgbackrest's to write; this host's part is a local tree the cluster's OS user owns
                repository.files().mkdirs(state, os.runAs(cluster.osUser()));
            } else {
                repository.ensureWritable(repository.clusterDir(cluster.name()));
            }
            for (String sub : new String[] {"log", "lock", "spool"}) {
                SecureFiles.createDirectories(state.resolve(sub));
            }
            boolean same = Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text);
            if (!same) {
                SecureFiles.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
            }
            if (os.root() && !os.name().equals(cluster.osUser())) {
                LocalServer.chown(state, cluster.osUser());
            }
            return file;
        } catch (IOException | UncheckedIOException e) {
            throw PgKeeperException.failed("cannot write the pgBackRest config " + file + ": " + e.getMessage(),
                    "the repository must be writable by pgkeeper and by the cluster's OS user (" + cluster.osUser() + ")");
        }
    }

    public static PgBackRestPolicy policy(ClusterPolicy cluster) {
        return cluster.physical().pgbackrest().orElseThrow(() -> PgKeeperException.usage("clusters." + cluster.name()
                + ".physical.pgbackrest is not set", "set physical.pgbackrest.stanza and .options (or .config)"));
    }
}
