package io.pgkeeper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.process.SystemProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.Processes;

class PgBinariesTest {
    @TempDir
    Path tmp;

    /** A fake tool that reports a version, as pg_dump --version does. */
    private Path fakeTool(String dir, String tool, String version) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve(dir));
        Path f = bin.resolve(tool);
        Files.writeString(f, "#!/bin/sh\necho '" + tool + " (PostgreSQL) " + version + "'\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void missingBinarySaysWhichVersionAndHowToInstall() throws IOException {
        Path emptyBinDir = Files.createDirectories(tmp.resolve("empty"));
        Path root = Files.createDirectories(tmp.resolve("debian"));
        PgBinaries b = new PgBinaries(Processes.runner(), root, Map.of("PATH", ""));
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> b.forServer(16, Optional.of(emptyBinDir), "pg_dump"));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("pg_dump for PostgreSQL 16 or newer is needed: none found", e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("apt-get install postgresql-client-16"), e.hint().orElseThrow());
        assertTrue(e.hint().orElseThrow().contains("binDir"), e.hint().orElseThrow());
    }

    @Test
    void olderToolsAreNamedButNeverUsed() throws IOException {
        Path old = fakeTool("old", "pg_dump", "14.9");
        PgBinaries b = new PgBinaries(Processes.runner(), tmp.resolve("nodebian"), Map.of("PATH", old.toString()));
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> b.forServer(15, Optional.empty(), "pg_dump"));
        assertEquals("pg_dump for PostgreSQL 15 or newer is needed: found only " + old.toRealPath() + " (14)", e.getMessage());
    }

    @Test
    void orderIsBinDirThenDebianThenPath() throws IOException {
        Path binDir = fakeTool("custom", "pg_dump", "17.2");
        fakeTool("debian/16/bin", "pg_dump", "16.1");
        Path onPath = fakeTool("path", "pg_dump", "16.3");
        PgBinaries b = new PgBinaries(Processes.runner(), tmp.resolve("debian"), Map.of("PATH", onPath.toString()));
        assertEquals(new PgTools(binDir.toRealPath(), 17, "17.2"), b.forServer(16, Optional.of(binDir), "pg_dump"));
        assertEquals(new PgTools(tmp.resolve("debian/16/bin").toRealPath(), 16, "16.1"), b.forServer(16, Optional.empty(), "pg_dump"));
        // a newer Debian major is preferred to PATH when the exact one is missing
        fakeTool("debian/18/bin", "pg_dump", "18.0");
        assertEquals(18, b.forServer(17, Optional.empty(), "pg_dump").major());
        // a server binary must match exactly
        fakeTool("debian/16/bin", "postgres", "16.1");
        assertEquals(16, b.serverOfMajor(16, Optional.empty(), true).major());
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> b.serverOfMajor(13, Optional.empty(), true));
        assertTrue(e.getMessage().startsWith("postgres for PostgreSQL 13 is needed"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("postgresql-client-13 postgresql-13"), e.hint().orElseThrow());
    }
}
