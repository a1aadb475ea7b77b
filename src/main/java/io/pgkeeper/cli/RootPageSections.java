package io.pgkeeper.cli;

/**
 * What pgkeeper(1) says beyond --help: the installed files and the environment. These are facts
 * of the package (src/package), not of the command model, so they are written once here.
 */
final class RootPageSections {
    private RootPageSections() {}

    static void append(Troff page) {
        page.section("FILES");
        entry(page, "/etc/pgkeeper/pgkeeper.yaml",
                "The policy, read when neither --policy nor $PGKEEPER_POLICY is given and there is no ./pgkeeper.yaml. Mode 0640, group postgres.");
        entry(page, "/etc/pgkeeper/CLUSTER.env",
                "Optional credentials of the systemd units of a cluster, as NAME=value lines: the variable that the cluster's passwordEnv names.");
        entry(page, "/usr/lib/systemd/system/pgkeeper-JOB@.service, pgkeeper-JOB@.timer",
                "Templated units for JOB dump, basebackup, verify and prune, run as postgres; the instance is the cluster:"
                        + " systemctl enable --now pgkeeper-dump@main.timer. Change a timer with systemctl edit.");
        entry(page, "/var/lib/pgkeeper", "The default repository (repository.path), owned by postgres, mode 0700. Never removed by the package.");
        entry(page, "/var/cache/pgkeeper/pgkeeper.jsa",
                "The class-data-sharing archive that cuts the start-up of every run, built for the installed JVM when the package is configured.");
        entry(page, "/usr/share/doc/pgkeeper/examples/pgkeeper.example.yaml", "Every policy key, commented.");
        page.section("ENVIRONMENT");
        entry(page, "PGKEEPER_POLICY", "The policy file, when --policy is not given.");
        entry(page, "PGKEEPER_JAVA_OPTS", "Extra JVM options for the launcher, e.g. -Xmx512m.");
        entry(page, "PGKEEPER_LAUNCHER",
                "Set by the launcher to its own path, which archive command-line, check and schedule write into the lines they print"
                        + " unless the policy sets archive.launcher.");
    }

    private static void entry(Troff page, String tag, String text) {
        page.tagged(tag, text);
    }
}
