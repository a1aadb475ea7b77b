package io.pgkeeper.backup;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.postgres.DatabaseInfo;
import java.util.ArrayList;
import java.util.List;

/** Which databases one dump takes: those named on the command line, else the policy's selection. Pure. */
final class DumpTargets {
    private DumpTargets() {}

    static List<DatabaseInfo> select(ClusterPolicy cluster, List<DatabaseInfo> all, List<String> named, String server) {
        if (named.isEmpty()) {
            List<DatabaseInfo> out = all.stream().filter(d -> cluster.logical().databases().selects(d.name())).toList();
            if (out.isEmpty()) {
                throw PgKeeperException.usage("the policy selects no database on " + server + " (databases there: " + names(all) + ")",
                        "check clusters." + cluster.name() + ".logical.databases.include/exclude");
            }
            return out;
        }
        List<DatabaseInfo> out = new ArrayList<>();
        for (String name : named) {
            DatabaseInfo d = all.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() -> PgKeeperException.usage(
                    "unknown database \"" + name + "\" on " + server + " (databases there: " + names(all) + ")",
                    "check the name passed to --database"));
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }

    private static String names(List<DatabaseInfo> all) {
        return String.join(", ", all.stream().map(DatabaseInfo::name).toList());
    }
}
