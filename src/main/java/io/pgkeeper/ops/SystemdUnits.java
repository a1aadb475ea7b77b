package io.pgkeeper.ops;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.process.ShellQuote;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The schedule as systemd units: a .service and a .timer per job. Each service runs as
 * {@code User=} the cluster's osUser (the repository's owner, docs/operations.md), or the user
 * given; a cluster whose password comes from an environment variable (connection.passwordEnv)
 * reads it from an {@code EnvironmentFile=} that the operator writes, so it is never in a unit.
 */
public final class SystemdUnits {
    /** Where the credentials of a cluster are expected: /etc/pgkeeper/&lt;cluster&gt;.env. */
    public static final Path ENV_DIR = Path.of("/etc/pgkeeper");

    /** One unit file. */
    public record Unit(String fileName, String content) {}

    private SystemdUnits() {}

    public static Path environmentFile(String cluster) {
        return ENV_DIR.resolve(cluster + ".env");
    }

    public static List<Unit> render(List<ScheduledJob> jobs, Function<String, ClusterPolicy> clusters, Optional<String> user) {
        List<Unit> out = new ArrayList<>();
        for (ScheduledJob j : jobs) {
            ClusterPolicy cluster = clusters.apply(j.cluster());
            String what = "pgkeeper " + j.job() + " of cluster " + j.cluster();
            StringBuilder service = new StringBuilder();
            service.append("# written by pgkeeper schedule --format systemd\n");
            service.append("[Unit]\nDescription=").append(what).append('\n');
            service.append("Wants=network-online.target\nAfter=network-online.target\n\n");
            service.append("[Service]\nType=oneshot\n");
            service.append("User=").append(user.orElse(cluster.osUser())).append('\n');
            cluster.connection().passwordEnv().ifPresent(var -> service
                    .append("# ").append(environmentFile(j.cluster())).append(" holds one line, ").append(var)
                    .append("=<the password>; mode 0600, owner root (systemd reads it before dropping privileges)\n")
                    .append("EnvironmentFile=").append(environmentFile(j.cluster())).append('\n'));
            service.append("ExecStart=").append(ShellQuote.join(j.argv()).replace("%", "%%")).append('\n');
            if (j.onCalendar().isEmpty()) {
                service.append("# no timer: cron '").append(j.cron()).append("' does not translate to OnCalendar=: ")
                        .append(j.onCalendarProblem()).append('\n');
            }
            out.add(new Unit(j.unitName() + ".service", service.toString()));
            if (j.onCalendar().isPresent()) {
                String timer = "# written by pgkeeper schedule --format systemd\n"
                        + "[Unit]\nDescription=" + what + " (" + j.cron() + ")\n\n"
                        + "[Timer]\nOnCalendar=" + j.onCalendar().get() + "\n"
                        + "# a run missed while the machine was off starts at boot\nPersistent=true\n\n"
                        + "[Install]\nWantedBy=timers.target\n";
                out.add(new Unit(j.unitName() + ".timer", timer));
            }
        }
        return out;
    }

    /** All units in one stream, each introduced by a '# file:' line, for reading or splitting by hand. */
    public static String asText(List<Unit> units, String warning) {
        StringBuilder sb = new StringBuilder();
        sb.append("# put these files in /etc/systemd/system (or write them there with --output), then: systemctl daemon-reload;"
                + " systemctl enable --now <name>.timer for each timer\n");
        sb.append(warning);
        for (Unit u : units) {
            sb.append("\n# file: ").append(u.fileName()).append('\n').append(u.content());
        }
        return sb.toString();
    }
}
