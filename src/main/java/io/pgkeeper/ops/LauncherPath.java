package io.pgkeeper.ops;

import io.pgkeeper.policy.ClusterPolicy;
import java.util.Map;

/**
 * The pgkeeper command written into crontab lines, unit files and archive_command: cron and the
 * server run with a short PATH, so the full path matters. scripts/pgkeeper exports its own as
 * PGKEEPER_LAUNCHER; a packaged install names it in the policy's archive.launcher.
 */
public final class LauncherPath {
    public static final String ENV = "PGKEEPER_LAUNCHER";

    private LauncherPath() {}

    public static String of(ClusterPolicy cluster, Map<String, String> env) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return cluster.archive().launcher().orElse("pgkeeper");
    }
}
