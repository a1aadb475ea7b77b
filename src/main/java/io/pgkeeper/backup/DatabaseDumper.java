package io.pgkeeper.backup;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.DumpFormat;
import io.pgkeeper.policy.FingerprintMode;
import io.pgkeeper.policy.LogicalPolicy;
import io.pgkeeper.postgres.DatabaseInfo;
import io.pgkeeper.postgres.Fingerprints;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgDump;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.SchemaHash;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.DatabaseFingerprint;
import io.pgkeeper.repository.FileEntry;
import io.pgkeeper.repository.SequenceFingerprint;
import io.pgkeeper.repository.StreamedFile;
import io.pgkeeper.repository.TableFingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dumps one database and records its fingerprint. In exact mode the row counts are taken in the
 * very snapshot pg_dump dumps ({@code pg_export_snapshot} + {@code --snapshot}), so they match
 * the dump even while the database is being written.
 */
final class DatabaseDumper {
    private static final Logger log = LoggerFactory.getLogger(DatabaseDumper.class);

    private final RunContext ctx;
    private final PgAccess access;
    private final PgTools tools;
    private final Path dir;
    private final Streams streams;

    /** Opens a file of the backup written as a stream into the repository ({@link io.pgkeeper.repository.BackupAttempt#stream}). */
    @FunctionalInterface
    interface Streams {
        StreamedFile open(String name) throws IOException;
    }

    /**
     * @param dir the attempt's staging directory: directory-format dumps and the schema file
     * @param streams where a custom-format dump streams (pg_dump's stdout); null for a dry run
     */
    DatabaseDumper(RunContext ctx, PgAccess access, PgTools tools, Path dir, Streams streams) {
        this.ctx = ctx;
        this.access = access;
        this.tools = tools;
        this.dir = dir;
        this.streams = streams;
    }

    List<List<String>> plan(DatabaseInfo d) {
        ToolCall main = dumpCall(d, Optional.empty(), Optional.empty());
        ToolCall schema = schemaCall(d, Optional.empty());
        ctx.runner().run(main);
        ctx.runner().run(schema);
        return List.of(main.redactedArgv(), schema.redactedArgv());
    }

    DatabaseEntry dump(DatabaseInfo d, List<List<String>> commands) {
        log.info("dumping database \"{}\"", d.name());
        // closed uncommitted (a failure anywhere below), the stream leaves nothing under its name
        try (StreamedFile streamed = streaming() ? streams.open(output(d).getFileName().toString()) : null) {
            return dump(d, Optional.ofNullable(streamed), commands);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DatabaseEntry dump(DatabaseInfo d, Optional<StreamedFile> streamed, List<List<String>> commands) {
        FingerprintMode mode = policy().fingerprint();
        try (Connection c = access.connect(d.name())) {
            ReadAccess.check(c, d.name());
            Optional<String> snapshot = Optional.empty();
            if (mode == FingerprintMode.EXACT) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
                snapshot = Optional.of(exportSnapshot(c));
            }
            // Sequences are not transactional: read them before pg_dump does, so verify can demand restored >= recorded.
            List<SequenceFingerprint> sequences = Fingerprints.sequences(c);
            ToolCall main = dumpCall(d, snapshot, streamed);
            ToolCall schema = schemaCall(d, snapshot);
            commands.add(main.redactedArgv());
            commands.add(schema.redactedArgv());
            CompletableFuture<ToolResult> dumping = CompletableFuture.supplyAsync(() -> ctx.runner().run(main));
            CompletableFuture<ToolResult> schemaDumping = CompletableFuture.supplyAsync(() -> ctx.runner().run(schema));
            List<TableFingerprint> tables = List.of();
            RuntimeException fingerprintFailure = null;
            try {
                tables = switch (mode) {
                    case EXACT -> Fingerprints.exactTables(c);
                    case ESTIMATE -> Fingerprints.estimatedTables(c);
                    case OFF -> List.of();
                };
            } catch (RuntimeException e) {
                // pg_dump is still running into the backup directory: wait for it before failing, and
                // prefer its own message, which is what the user needs to see
                fingerprintFailure = e;
                log.warn("fingerprint of database \"{}\" failed: {}", d.name(), e.getMessage());
            }
            ToolResult dumped;
            try {
                dumped = join(dumping, main);
            } catch (RuntimeException e) {
                // the stream's destination failed (pg_dump was killed): let the schema dump end before the attempt is removed
                schemaDumping.handle((r, x) -> r).join();
                throw e;
            }
            ToolResult schemaSql = join(schemaDumping, schema);
            if (!c.getAutoCommit()) {
                if (fingerprintFailure == null) {
                    c.commit();
                } else {
                    c.rollback();
                }
            }
            String hint = "see pg_dump's message above; check the backup user's privileges on \"" + d.name() + "\"";
            dumped.orThrow("dump of database \"" + d.name() + "\" failed", hint);
            schemaSql.orThrow("schema dump of database \"" + d.name() + "\" failed", hint);
            if (fingerprintFailure != null) {
                throw PgKeeperException.failed("fingerprint of database \"" + d.name() + "\" failed: " + fingerprintFailure.getMessage(),
                        "the backup user needs SELECT on every table it dumps", fingerprintFailure);
            }
            Path out = output(d);
            Path schemaFile = schemaFile(d);
            DatabaseFingerprint fp = new DatabaseFingerprint(mode.name().toLowerCase(Locale.ROOT), SchemaHash.of(Files.readString(schemaFile)),
                    tables, sequences, dir.relativize(schemaFile).toString());
            // a streamed dump was hashed on its way; committing makes it durable under its name
            List<FileEntry> files = new ArrayList<>(streamed.isPresent() ? List.of(streamed.get().commit()) : Checksums.describe(dir, out));
            files.addAll(Checksums.describe(dir, schemaFile));
            long size = files.stream().mapToLong(FileEntry::sizeBytes).sum();
            log.info("database \"{}\" dumped: {} bytes", d.name(), size);
            return entry(d, dir.relativize(out).toString(), size, files, fp);
        } catch (SQLException e) {
            throw PgKeeperException.failed("dump of database \"" + d.name() + "\" failed: " + e.getMessage(), null, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Custom format is one file pg_dump can write to stdout; directory format (and -j) writes files, so it is staged. */
    private boolean streaming() {
        return policy().format() == DumpFormat.CUSTOM;
    }

    /** The manifest's record of a database: how it was created, where its files are, what verify compares. */
    DatabaseEntry entry(DatabaseInfo d, String dumpPath, long size, List<FileEntry> files, DatabaseFingerprint fp) {
        return new DatabaseEntry(d.name(), policy().format().yamlName(), dumpPath, size, files, d.encoding(), d.collate(), d.ctype(),
                d.owner(), fp, d.localeProvider(), d.icuLocale(), d.builtinLocale(), d.icuRules(), d.collationVersion());
    }

    private static String exportSnapshot(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static ToolResult join(CompletableFuture<ToolResult> f, ToolCall call) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw PgKeeperException.failed(call.tool() + " failed: " + e.getCause(), null, e.getCause());
        }
    }

    /** @param streamed where the dump streams; a dry run of a streaming dump names the file it would be */
    private ToolCall dumpCall(DatabaseInfo d, Optional<String> snapshot, Optional<StreamedFile> streamed) {
        LogicalPolicy p = policy();
        if (!streaming()) {
            List<String> argv = PgDump.argv(tools, d.name(), p.format(), p.jobs(), p.compress(), snapshot, output(d));
            return ToolCall.of("pg_dump", argv, access.toolEnv(), ctx.cluster().timeouts().dump());
        }
        ToolCall.Stdout out = streamed.map(f -> ToolCall.Stdout.toStream(f.stream(), f.target()))
                .orElseGet(() -> ToolCall.Stdout.toStream(java.io.OutputStream.nullOutputStream(), output(d).toString()));
        return ToolCall.of("pg_dump", PgDump.toStdoutArgv(tools, d.name(), p.compress(), snapshot), access.toolEnv(),
                ctx.cluster().timeouts().dump()).withStdout(out);
    }

    /** With --create, so the database's own properties (locale, settings, ACL, comment) are part of what verify compares. */
    private ToolCall schemaCall(DatabaseInfo d, Optional<String> snapshot) {
        // runs beside the main pg_dump, which logs the same errors: its own lines go to the error message only
        return ToolCall.of("pg_dump", PgDump.schemaArgv(tools, d.name(), snapshot, true), access.toolEnv(), ctx.cluster().timeouts().dump())
                .withStdout(ToolCall.Stdout.toFile(schemaFile(d))).withQuietStderr();
    }

    private Path output(DatabaseInfo d) {
        return dir.resolve(DumpFileNames.dump(d.name(), policy().format()));
    }

    private Path schemaFile(DatabaseInfo d) {
        return dir.resolve(DumpFileNames.schema(d.name()));
    }

    private LogicalPolicy policy() {
        return ctx.cluster().logical();
    }
}
