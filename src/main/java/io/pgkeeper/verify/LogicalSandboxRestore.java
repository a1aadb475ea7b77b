package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.ToolFailedException;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgRestore;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.restore.DatabaseCreator;
import io.pgkeeper.restore.DatabaseProperties;
import io.pgkeeper.restore.DumpReader;
import io.pgkeeper.restore.GlobalsApplier;
import io.pgkeeper.restore.GlobalsScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The restore step of a logical verify: the globals, then every database as its dump describes
 * it (encoding, locale provider and locales, owner) with its contents and then its properties
 * (settings, role settings, ACL, comment, connection limit), as a real restore brings them back.
 * Tablespaces are left out: their locations are the production server's directories.
 */
final class LogicalSandboxRestore {
    /** The sandbox's own maintenance database: never one a backup restores into, unlike postgres. */
    static final String MAINTENANCE_DB = "template1";

    private final RunContext ctx;
    private final Backup backup;
    private final Manifest m;
    private final PgAccess access;
    private final PgTools clientTools;
    private final List<String> warnings;

    LogicalSandboxRestore(RunContext ctx, Backup backup, PgAccess access, PgTools clientTools, List<String> warnings) {
        this.ctx = ctx;
        this.backup = backup;
        this.m = backup.manifest();
        this.access = access;
        this.clientTools = clientTools;
        this.warnings = warnings;
    }

    String run() {
        List<String> errors = new ArrayList<>();
        String globals = "no globals in the backup";
        try (Connection c = access.connect(MAINTENANCE_DB)) {
            if (m.globalsFile() != null) {
                globals = applyGlobals(c);
            }
            for (DatabaseEntry d : m.databases()) {
                DatabaseProperties props = identify(d);
                prepareDatabase(c, d, props);
                ToolResult r = ctx.runner().run(restoreCall(d));
                if (!r.ok()) {
                    errors.add("database \"" + d.name() + "\": pg_restore " + (r.timedOut() ? "timed out" : "exited with " + r.exitCode())
                            + (r.stderrTail().isEmpty() ? "" : ":\n    " + String.join("\n    ", r.stderrTail())));
                } else if (!d.name().equals(MAINTENANCE_DB)) {
                    applyProperties(c, d, props);
                }
            }
        } catch (SQLException e) {
            throw StepFailure.couldNotRun("the sandbox failed during the restore: " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw StepFailure.provenBad("pg_restore failed for " + errors.size() + " of " + m.databases().size() + " databases:\n  "
                    + String.join("\n  ", errors));
        }
        return globals + "; restored " + m.databases().size() + " database(s) with their properties: "
                + m.databases().stream().map(DatabaseEntry::name).collect(Collectors.joining(", "));
    }

    /** The dump must hold the database the manifest says it holds. */
    private DatabaseProperties identify(DatabaseEntry d) {
        DatabaseProperties props;
        try {
            props = new DumpReader(ctx.runner(), clientTools, ctx.cluster().timeouts().verify()).read(backup.dir().resolve(d.dumpPath()));
        } catch (ToolFailedException e) {
            // the file matches its checksum, so what pg_restore cannot read was stored that way
            throw StepFailure.provenBad("pg_restore failed for database \"" + d.name() + "\": pg_restore exited with " + e.toolExitCode()
                    + (e.stderrTail().isEmpty() ? "" : ":\n    " + String.join("\n    ", e.stderrTail())));
        } catch (PgKeeperException e) {
            throw StepFailure.couldNotRun(e.getMessage());
        }
        if (!props.dumpedName().equals(d.name())) {
            throw StepFailure.provenBad("the dump " + d.dumpPath() + " holds database \"" + props.dumpedName() + "\", not \"" + d.name()
                    + "\" as the manifest says: the backup's files were swapped or mixed up");
        }
        return props;
    }

    /**
     * Roles are created as the backup holds them; tablespace statements are left out, because
     * their locations are directories of the production server that a sandbox must not touch.
     */
    private String applyGlobals(Connection c) {
        Path file = backup.dir().resolve(m.globalsFile());
        String script;
        try {
            script = Files.readString(file);
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot read " + file + ": " + e.getMessage());
        }
        List<GlobalsScript.Statement> all = GlobalsScript.parse(script);
        String withoutTablespaces = all.stream().filter(s -> s.subject() != GlobalsScript.Subject.TABLESPACE)
                .map(s -> s.sql() + ";\n").collect(Collectors.joining());
        try {
            GlobalsApplier.Outcome o = GlobalsApplier.apply(c, withoutTablespaces);
            return "globals applied (" + o.createdRoles().size() + " roles created)";
        } catch (PgKeeperException e) {
            throw StepFailure.provenBad("the backup's globals (" + m.globalsFile() + ") do not apply: " + e.getMessage());
        }
    }

    /** A fresh sandbox already has a postgres database; a restore needs it empty, as the backup's own was created. */
    private void prepareDatabase(Connection c, DatabaseEntry d, DatabaseProperties props) {
        try {
            if (Catalog.databaseExists(c, d.name())) {
                if (d.name().equals(MAINTENANCE_DB)) {
                    return;
                }
                try (Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE " + Catalog.ident(d.name()));
                }
            }
            sandboxWarnings(DatabaseCreator.create(c, d.name(), props, false));
        } catch (SQLException | PgKeeperException e) {
            throw StepFailure.couldNotRun("cannot create database \"" + d.name() + "\" in the sandbox (" + props.describeLocale() + "): "
                    + e.getMessage() + "\nhint: the sandbox needs the backup's locales; install them on this machine (locale -a lists them)");
        }
    }

    private void applyProperties(Connection c, DatabaseEntry d, DatabaseProperties props) {
        try {
            sandboxWarnings(DatabaseCreator.applyProperties(c, d.name(), props));
            DatabaseCreator.finish(c, d.name(), props);
        } catch (PgKeeperException e) {
            throw StepFailure.provenBad("the properties of database \"" + d.name() + "\" do not apply: " + e.getMessage());
        }
    }

    /**
     * A role missing in the sandbox is news only when the backup's globals should have created
     * it; without globals every owner and grantee is missing, as the schema comparison knows.
     */
    private void sandboxWarnings(List<String> found) {
        if (m.globalsFile() != null) {
            found.forEach(w -> warnings.add("sandbox: " + w));
        }
    }

    private ToolCall restoreCall(DatabaseEntry d) {
        List<String> argv = new ArrayList<>(PgRestore.argv(clientTools, backup.dir().resolve(d.dumpPath()), d.name(),
                Math.max(1, ctx.cluster().logical().jobs())));
        // Tablespaces are production paths; without the backup's roles, owners and grants cannot be restored.
        argv.add(1, "--no-tablespaces");
        if (m.globalsFile() == null) {
            argv.add(1, "--no-owner");
            argv.add(1, "--no-privileges");
        }
        return ToolCall.of("pg_restore", argv, access.toolEnv(), ctx.cluster().timeouts().restore());
    }
}
