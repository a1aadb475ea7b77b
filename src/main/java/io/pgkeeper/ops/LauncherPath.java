package io.pgkeeper.ops;

import io.pgkeeper.policy.ClusterPolicy;
import java.util.Map;

/**
 * The pgkeeper command written into what pgkeeper prints for the server, cron and systemd:
 * archive_command and restore_command ({@code archive command-line}, {@code check}, a restore's
 * recovery settings) and the schedule's crontab lines and units. They run with a short PATH, so
 * the full path matters. One rule for all of them:
 * <ol>
 * <li>the policy's {@code archive.launcher} when it is set: the operator's explicit choice (a
 *     wrapper, or another path on the host that runs the server);
 * <li>else the launcher that started this run, by its real path: both launchers export it as
 *     {@code PGKEEPER_LAUNCHER}, so an installed pgkeeper names {@code /usr/bin/pgkeeper} and a
 *     checkout names its {@code scripts/pgkeeper}, and neither can name the other;
 * <li>else plain {@code pgkeeper} (a {@code java -jar} run), which the schedule warns about.
 * </ol>
 */
public final class LauncherPath {
    public static final String ENV = "PGKEEPER_LAUNCHER";

    private LauncherPath() {}

    public static String of(ClusterPolicy cluster, Map<String, String> env) {
        return cluster.archive().launcher().filter(l -> !l.isBlank()).orElseGet(() -> {
            String fromEnv = env.get(ENV);
            return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "pgkeeper";
        });
    }
}
