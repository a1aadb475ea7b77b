package io.pgkeeper.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgkeeper.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder makes the very record (and so the very JSON) the positional constructor made, and old manifests still read. */
class ManifestBuilderTest {
    static final Instant START = Instant.parse("2026-11-21T03:00:00Z");
    static final Instant END = Instant.parse("2026-11-21T03:02:00Z");
    static final Versions VERSIONS = new Versions("0.9.0", "17.2", Map.of("pg_dump", "17.2"));
    static final List<FileEntry> FILES = List.of(new FileEntry("app.dump", 100, "ab"), new FileEntry("globals.sql", 20, "cd"));

    @TempDir
    Path tmp;

    @Test
    void aLogicalManifestIsTheSameRecordAndTheSameJson() throws Exception {
        DatabaseEntry db = new DatabaseEntry("app", "custom", "app.dump", 100, List.of(FILES.get(0)), "UTF8", "C", "C", "app_owner",
                new DatabaseFingerprint("exact", "h", List.of(new TableFingerprint("public", "t", 3, false, 8192)), List.of(), "app.schema.sql"));
        Manifest positional = new Manifest(Manifest.FORMAT_VERSION, "20261121T030000Z", "main", BackupKind.LOGICAL, START, END, "17.2", "73",
                VERSIONS, 120, FILES, "roles", "globals.sql", List.of(db), List.of(List.of("pg_dump", "app")), null, List.of("no passwords"));
        Manifest built = Manifest.builder("20261121T030000Z", "main", BackupKind.LOGICAL).startedAt(START).finishedAt(END).server("17.2", "73")
                .versions(VERSIONS).files(FILES).logical("roles", "globals.sql", List.of(db)).commands(List.of(List.of("pg_dump", "app")))
                .warnings(List.of("no passwords")).build();
        assertEquals(positional, built);
        assertEquals(Json.mapper().writeValueAsString(positional), Json.mapper().writeValueAsString(built));
        assertEquals(built, built.toBuilder().build());
    }

    @Test
    void aPhysicalManifestIsTheSameRecordAndTheSameJson() throws Exception {
        PhysicalInfo info = new PhysicalInfo("pg_basebackup", "tar", "none", "0/2000028", "0/2000100", 1, "000000010000000000000002",
                "000000010000000000000002", 16 << 20, true, null, null, List.of(new TablespaceEntry("16384", "fast", "/srv/fast")), false, 5432);
        Manifest positional = new Manifest(Manifest.FORMAT_VERSION, "20261121T030000Z", "main", BackupKind.PHYSICAL, START, END, "17.2", "73",
                VERSIONS, 120, FILES, null, null, List.of(), List.of(List.of("pg_basebackup")), info, List.of());
        Manifest built = Manifest.builder("20261121T030000Z", "main", BackupKind.PHYSICAL).startedAt(START).finishedAt(END)
                .server("17.2", "73").versions(VERSIONS).files(FILES).physical(info, List.of()).commands(List.of(List.of("pg_basebackup")))
                .build();
        assertEquals(positional, built);
        assertEquals(Json.mapper().writeValueAsString(positional), Json.mapper().writeValueAsString(built));
    }

    @Test
    void kindsDoNotMix() {
        PhysicalInfo info = new PhysicalInfo("pg_basebackup", "tar", "none", "0/0", "0/0", 1, null, null, 16 << 20, true);
        assertThrows(IllegalStateException.class, () -> Manifest.builder("x", "main", BackupKind.LOGICAL).physical(info, List.of()).build());
        assertThrows(IllegalStateException.class, () -> Manifest.builder("x", "main", BackupKind.PHYSICAL).logical("roles", null, List.of()).build());
    }

    /** A manifest as the first releases wrote it: no warnings, tablespaces, source role, port, locale provider or schema file. */
    @Test
    void anOldManifestStillReads() throws Exception {
        Repository repo = Repositories.at(tmp.resolve("repo"));
        Path dir = Files.createDirectories(repo.kindDir("main", BackupKind.PHYSICAL).resolve("20260101T000000Z"));
        Files.writeString(dir.resolve(Manifest.FILE_NAME), """
                {
                  "formatVersion" : 1,
                  "id" : "20260101T000000Z",
                  "cluster" : "main",
                  "kind" : "physical",
                  "startedAt" : "2026-01-01T00:00:00Z",
                  "finishedAt" : "2026-01-01T00:01:00Z",
                  "serverVersion" : "15.8",
                  "systemIdentifier" : "7300000000000000001",
                  "versions" : { "pgkeeper" : "0.1.0", "server" : "15.8", "tools" : { "pg_basebackup" : "15.8" } },
                  "sizeBytes" : 4096,
                  "files" : [ { "path" : "base.tar", "sizeBytes" : 4096, "sha256" : "ee" } ],
                  "databases" : [ { "name" : "app", "format" : "physical", "dumpPath" : null, "sizeBytes" : 0, "files" : [ ],
                      "encoding" : "UTF8", "collate" : "C", "ctype" : "C", "owner" : "postgres",
                      "fingerprint" : { "mode" : "estimate", "schemaHash" : "h",
                          "tables" : [ { "schema" : "public", "name" : "t", "rows" : 10, "estimated" : true, "sizeBytes" : 8192 } ],
                          "sequences" : [ ] } } ],
                  "commands" : [ [ "pg_basebackup", "-D", "x" ] ],
                  "physical" : { "engine" : "pg_basebackup", "format" : "tar", "compression" : "none", "startLsn" : "0/2000028",
                      "stopLsn" : "0/2000100", "timeline" : 1, "startWalSegment" : "000000010000000000000002",
                      "stopWalSegment" : "000000010000000000000002", "walSegmentSize" : 16777216, "verifiedWithPgVerifybackup" : true }
                }
                """);
        Backup b = repo.find("main", "latest", java.util.Optional.of(BackupKind.PHYSICAL));
        Manifest m = b.manifest();
        assertEquals("20260101T000000Z", m.id());
        assertEquals(List.of(), m.warnings());
        assertNull(m.physical().tablespaces());
        assertNull(m.physical().fromStandby());
        assertNull(m.databases().get(0).localeProvider());
        assertNull(m.databases().get(0).fingerprint().schemaFile());
        assertEquals(0, m.databases().get(0).fingerprint().tables().get(0).changedSinceEstimate());
    }
}
