package io.pgkeeper.backup;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.DatabaseInfo;
import io.pgkeeper.postgres.Fingerprints;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgDump;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.SchemaHash;
import io.pgkeeper.postgres.UnloggedRelations;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.DatabaseFingerprint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a base backup records about each database, read right after pg_basebackup ends (which is
 * the state recovery to consistency reproduces): planner row estimates, sequences and the schema
 * hash. verify compares a recovered sandbox with it. Unlogged tables and their sequences are left
 * out: recovery empties them by design.
 */
public final class PhysicalFingerprints {
    private static final Logger log = LoggerFactory.getLogger(PhysicalFingerprints.class);

    private PhysicalFingerprints() {}

    public static List<DatabaseEntry> record(RunContext ctx, PgAccess access, PgTools tools) {
        List<DatabaseInfo> dbs;
        try (Connection c = access.connect()) {
            dbs = Catalog.databases(c);
        } catch (SQLException e) {
            log.warn("no fingerprint recorded: {}", e.getMessage());
            return List.of();
        }
        List<DatabaseEntry> out = new ArrayList<>();
        for (DatabaseInfo d : dbs) {
            if (d.name().equals("template1")) {
                continue;
            }
            try (Connection c = access.connect(d.name())) {
                var schema = ctx.runner().run(ToolCall.of("pg_dump", PgDump.schemaArgv(tools, d.name(), Optional.empty()), access.toolEnv(),
                        ctx.cluster().timeouts().dump()).withStdout(ToolCall.Stdout.capture()));
                String hash = schema.ok() ? SchemaHash.of(schema.stdout()) : null;
                // recovery empties unlogged relations by design: recording them would fail every verify
                Set<String> unlogged = UnloggedRelations.of(c);
                if (!unlogged.isEmpty()) {
                    log.info("database \"{}\": {} unlogged relation(s) left out of the fingerprint (recovery empties them): {}", d.name(),
                            unlogged.size(), String.join(", ", unlogged));
                }
                DatabaseFingerprint fp = new DatabaseFingerprint("estimate", hash,
                        Fingerprints.estimatedTables(c).stream().filter(t -> !unlogged.contains(t.qualifiedName())).toList(),
                        Fingerprints.sequences(c).stream().filter(q -> !unlogged.contains(q.schema() + "." + q.name())).toList());
                out.add(new DatabaseEntry(d.name(), "physical", null, 0, List.of(), d.encoding(), d.collate(), d.ctype(), d.owner(), fp));
            } catch (SQLException | RuntimeException e) {
                // a fingerprint makes verify stronger; its absence must never fail a good base backup
                log.warn("no fingerprint recorded for database \"{}\": {}", d.name(), e.getMessage());
            }
        }
        return out;
    }
}
