package io.pgkeeper.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.repository.storage.RecordingStorage;
import io.pgkeeper.util.OsIdentity;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BackupAttempt#stream} over an object store in memory (as S3: the staging directory is
 * not the store): the streamed file goes straight to the store, never into staging; its entry
 * holds the plaintext size and sha256 counted on the way; seal lists it with the staged files
 * without reading or uploading it again; an uncommitted stream leaves nothing.
 */
class BackupAttemptStreamTest {
    static final Instant T = Instant.parse("2026-11-21T03:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void aStreamedFileIsStoredOnceAndListedBySealWithItsPlaintextSha256() throws Exception {
        Clock clock = Clock.fixed(T, ZoneOffset.UTC);
        RecordingStorage storage = new RecordingStorage(tmp.resolve("staging"), clock);
        Repository repository = new Repository(tmp.resolve("repo"), storage, Optional.empty(), OsIdentity.current(), clock);
        byte[] dump = new byte[700_000];
        new java.util.Random(7).nextBytes(dump);
        try (BackupAttempt a = repository.begin("main", BackupKind.LOGICAL, LockName.CLUSTER, "dump", Duration.ZERO)) {
            String key = "main/logical/" + a.id();
            FileEntry streamed = a.write(dir -> {
                try (StreamedFile f = a.stream("app.dump")) {
                    OutputStream out = f.stream();
                    out.write(dump, 0, 100_000);
                    out.write(dump, 100_000, dump.length - 100_000);
                    assertFalse(Files.exists(dir.resolve("app.dump")), "nothing is staged");
                    return f.commit();
                }
            });
            assertEquals(new FileEntry("app.dump", dump.length, Checksums.sha256(dump)), streamed);
            try (StreamedFile abandoned = a.stream("other.dump")) {
                abandoned.stream().write(dump, 0, 1000); // never committed: a failed pg_dump
            }
            a.write(dir -> Files.writeString(dir.resolve("app.schema.sql"), "CREATE TABLE t ();", StandardCharsets.UTF_8));
            List<FileEntry> files = a.seal(List.of(streamed));
            assertEquals(List.of("app.dump", "app.schema.sql"), files.stream().map(FileEntry::path).toList());
            assertEquals(streamed, files.get(0));
            Map<String, byte[]> objects = storage.objects();
            assertTrue(java.util.Arrays.equals(dump, objects.get(key + "/app.dump")), "the store holds the bytes as written");
            assertFalse(objects.containsKey(key + "/other.dump"), "an uncommitted stream leaves no object");
            assertEquals(1, storage.operations().stream().filter(op -> op.equals("commit " + key + "/app.dump")).count(),
                    "stored once: seal does not upload it again: " + storage.operations());
        }
    }
}
