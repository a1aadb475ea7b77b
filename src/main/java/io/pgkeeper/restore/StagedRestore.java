package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.ToolFailedException;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgRestore;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ToolCall;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores one dump into a staging database that takes the target's name only once it is whole:
 * created as the dump describes it, contents restored, properties applied; only then is an old
 * database of that name dropped and the staging one renamed. Any failure before that drops the
 * staging database and leaves the target as it was. The caller has checked the target name and
 * holds the cluster lock.
 */
public final class StagedRestore {
    private static final Logger log = LoggerFactory.getLogger(StagedRestore.class);

    /** @param replaced whether a database of the target's name was dropped for the restored one */
    public record Outcome(boolean replaced, List<String> warnings) {}

    /** Looks at the staging database once it is whole, before it takes the target's name; throwing leaves the target as it was. */
    public interface BeforeRename {
        void check(String staging);
    }

    private final RunContext ctx;
    private final PgAccess access;
    private final PgTools tools;

    public StagedRestore(RunContext ctx, PgAccess access, PgTools tools) {
        this.ctx = ctx;
        this.access = access;
        this.tools = tools;
    }

    /**
     * @param recordedCollationVersion what the source's database had, to warn when this server sorts by another version
     * @param replace whether a database of the target's name may be dropped once the restore is whole
     */
    public Outcome restore(Path dump, DatabaseProperties props, Optional<String> recordedCollationVersion, String target, String staging,
            boolean replace, int jobs) {
        return restore(dump, props, recordedCollationVersion, target, staging, replace, jobs, staged -> { });
    }

    /** @param check runs against the whole staging database, e.g. to compare row counts with the source */
    public Outcome restore(Path dump, DatabaseProperties props, Optional<String> recordedCollationVersion, String target, String staging,
            boolean replace, int jobs, BeforeRename check) {
        List<String> warnings = new ArrayList<>();
        boolean replaced = false;
        try (Connection c = ControlConnection.open(access, target, staging)) {
            DatabaseCreator.execute(c, "DROP DATABASE IF EXISTS " + Catalog.ident(staging) + " WITH (FORCE)");
            try {
                warnings.addAll(DatabaseCreator.create(c, staging, props, true));
                recordedCollationVersion.ifPresent(v -> DatabaseCreator.collationVersion(c, staging).filter(now -> !now.equals(v)).ifPresent(now ->
                        warnings.add("database \"" + target + "\" sorts text by collation version " + now + " of this server; the backup's server had "
                                + v + ", so text may sort differently than it did there")));
                ctx.runner().run(ToolCall.of("pg_restore", PgRestore.argv(tools, dump, staging, jobs), access.toolEnv(), ctx.cluster().timeouts().restore()))
                        .orThrow("restore of database \"" + props.dumpedName() + "\" failed", "nothing was changed under the name \"" + target + "\"");
                warnings.addAll(DatabaseCreator.applyProperties(c, staging, props));
                check.check(staging);
            } catch (ToolFailedException e) {
                dropQuietly(c, staging);
                throw withRoleHint(e, target);
            } catch (RuntimeException e) {
                dropQuietly(c, staging);
                throw e;
            }
            if (Catalog.databaseExists(c, target)) {
                if (!replace) {
                    dropQuietly(c, staging);
                    throw ExistingTarget.refusal(target, access.describe());
                }
                DatabaseCreator.execute(c, "ALTER DATABASE " + Catalog.ident(target) + " IS_TEMPLATE false");
                DatabaseCreator.execute(c, "DROP DATABASE " + Catalog.ident(target) + " WITH (FORCE)");
                replaced = true;
            }
            DatabaseCreator.execute(c, "ALTER DATABASE " + Catalog.ident(staging) + " RENAME TO " + Catalog.ident(target));
            DatabaseCreator.finish(c, target, props);
        } catch (SQLException e) {
            throw PgKeeperException.failed("restore of database \"" + props.dumpedName() + "\" into \"" + target + "\" failed: " + e.getMessage(), null, e);
        }
        warnings.forEach(w -> log.warn("{}", w));
        return new Outcome(replaced, warnings);
    }

    /** pg_restore's "role ... does not exist" means the backup's roles are missing here. */
    private static ToolFailedException withRoleHint(ToolFailedException e, String target) {
        boolean missingRole = e.stderrTail().stream().anyMatch(l -> l.contains("role \"") && l.contains("does not exist"));
        if (!missingRole) {
            return e;
        }
        return new ToolFailedException(e.getMessage(), "the dump's objects belong to roles this server lacks: restore with --globals"
                + " (or create the roles first); nothing was changed under the name \"" + target + "\"", e.tool(), e.toolExitCode(), e.stderrTail());
    }

    private static void dropQuietly(Connection c, String name) {
        try {
            DatabaseCreator.execute(c, "DROP DATABASE IF EXISTS " + Catalog.ident(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            log.warn("could not drop staging database \"{}\": {}", name, e.getMessage());
        }
    }
}
