package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.PgRestore;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.TocListing;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Reads what a dump says about its own database, with pg_restore and no server: the name it
 * was dumped from (its identity) and its properties. Two small calls: the table of contents,
 * then the SQL of the database's own entries only.
 */
public final class DumpReader {
    private final ProcessRunner runner;
    private final PgTools tools;
    private final Duration timeout;

    public DumpReader(ProcessRunner runner, PgTools tools, Duration timeout) {
        this.runner = runner;
        this.tools = tools;
        this.timeout = timeout;
    }

    public DatabaseProperties read(Path dump) {
        String listing = capture(ToolCall.of("pg_restore", PgRestore.listArgv(tools, dump), Map.of(), timeout), dump);
        TocListing toc = TocListing.parse(listing);
        String header = toc.dbname().orElseThrow(() -> PgKeeperException.failed(
                "pg_restore --list of " + dump + " shows no database name", "is this a pg_dump archive?"));
        String sql = "";
        if (!toc.databaseEntries().isEmpty()) {
            sql = script(dump, toc);
        }
        try {
            return DatabasePropertiesParser.parse(sql, header);
        } catch (IllegalArgumentException e) {
            throw PgKeeperException.failed("cannot read the database properties in " + dump + ": " + e.getMessage(),
                    "pg_restore --create --schema-only " + dump + " shows them; please report this as a pgkeeper bug");
        }
    }

    private String script(Path dump, TocListing toc) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("pgkeeper-toc-");
            Files.setPosixFilePermissions(dir, SecureFiles.DIR);
            Path list = dir.resolve("database.list");
            Files.writeString(list, String.join("\n", toc.databaseEntries()) + "\n");
            return capture(ToolCall.of("pg_restore", PgRestore.scriptArgv(tools, dump, list), Map.of(), timeout), dump);
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot write a temporary list for pg_restore: " + e.getMessage(), "check TMPDIR", e);
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("database.list"));
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a leftover list of TOC entries in a 0700 temp directory holds no data
                }
            }
        }
    }

    private String capture(ToolCall call, Path dump) {
        return runner.run(call.withStdout(ToolCall.Stdout.capture()))
                .orThrow("pg_restore cannot read " + dump, "is the archive from a newer pg_dump than this pg_restore " + tools.version() + "?")
                .stdout();
    }
}
