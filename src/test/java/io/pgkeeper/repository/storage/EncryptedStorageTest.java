package io.pgkeeper.repository.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.crypto.AgeException;
import io.pgkeeper.crypto.AgeIdentity;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.testing.Processes;
import io.pgkeeper.util.Json;
import io.pgkeeper.util.SecureFiles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encrypting storage over an object store in memory ({@link RecordingStorage}): nothing
 * written holds the plaintext or a plaintext file name; the stored objects' sha256s are in the
 * manifest's header, checkable without the key; reads need the identity, and a damaged object
 * is a bad backup (exit 3).
 */
class EncryptedStorageTest {
    static final String MARKER = "sekrit-marker-5521";

    @TempDir
    Path tmp;

    private final AgeIdentity id = AgeIdentity.generate();

    private EncryptedStorage storage(RecordingStorage inner, boolean withIdentity) throws Exception {
        Optional<Path> identity = Optional.empty();
        if (withIdentity) {
            Path f = Files.writeString(tmp.resolve("id-" + System.nanoTime()), id.encoded() + "\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            identity = Optional.of(f);
        }
        return new EncryptedStorage(inner, new AgeKeys(List.of(id.recipient()), identity), tmp.resolve("state"),
                new SecureFiles(Processes.OS));
    }

    private static void assertNoPlaintext(RecordingStorage inner) {
        for (Map.Entry<String, byte[]> o : inner.objects().entrySet()) {
            assertFalse(o.getKey().contains(MARKER), o.getKey());
            assertFalse(new String(o.getValue(), StandardCharsets.ISO_8859_1).contains(MARKER), "plaintext in " + o.getKey());
        }
    }

    @Test
    void aBackupIsPublishedAsOpaqueObjectsAndReadBackWithTheIdentityOnly() throws Exception {
        RecordingStorage inner = new RecordingStorage(Files.createDirectories(tmp.resolve("inner")), Clock.systemUTC());
        EncryptedStorage writer = storage(inner, false);
        String dir = "main/logical/20261121T030000Z";
        Path stage = writer.stage(dir);
        assertTrue(stage.startsWith(tmp.resolve("state")), "staged under the state directory: " + stage);
        Files.writeString(stage.resolve("db_" + MARKER + ".dump"), "rows of " + MARKER);
        Files.createDirectories(stage.resolve("d.dir"));
        Files.write(stage.resolve("d.dir/toc.dat"), new byte[200_000]);
        writer.publish(dir);
        assertFalse(Files.exists(stage), "the staged plaintext is gone once encrypted");
        String manifest = "{\"formatVersion\":1,\"id\":\"20261121T030000Z\",\"cluster\":\"main\",\"kind\":\"LOGICAL\",\"sizeBytes\":10,"
                + "\"files\":[{\"path\":\"db_" + MARKER + ".dump\",\"sizeBytes\":1,\"sha256\":\"x\"}],"
                + "\"databases\":[{\"name\":\"db_" + MARKER + "\"}],\"commands\":[[\"pg_dump\",\"" + MARKER + "\"]]}";
        writer.put(dir + "/manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        assertNoPlaintext(inner);

        JsonNode header;
        try (InputStream in = writer.open(dir + "/manifest.json")) {
            header = Json.mapper().readTree(in.readAllBytes());
        }
        assertFalse(header.has("databases") || header.has("commands"), header::toString);
        assertEquals(2, header.get("files").size());
        for (JsonNode f : header.get("files")) {
            byte[] stored = inner.objects().get(dir + "/" + f.get("path").asText());
            assertEquals(f.get("sha256").asText(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)),
                    "the header's sha256 is the stored object's: integrity without the key");
            assertEquals(f.get("sizeBytes").asLong(), stored.length);
        }
        AgeException noKey = assertThrows(AgeException.class, () -> writer.local(dir));
        assertEquals(AgeException.Reason.KEYS, noKey.reason());

        EncryptedStorage reader = storage(inner, true);
        try (InputStream in = reader.open(dir + "/manifest.json")) {
            assertEquals(Json.mapper().readTree(manifest), Json.mapper().readTree(in.readAllBytes()), "the whole manifest with the key");
        }
        Path copy;
        try (LocalTree t = reader.local(dir)) {
            copy = t.dir();
            assertTrue(copy.startsWith(tmp.resolve("state")));
            assertEquals("rows of " + MARKER, Files.readString(copy.resolve("db_" + MARKER + ".dump")));
            assertArrayEquals(new byte[200_000], Files.readAllBytes(copy.resolve("d.dir/toc.dat")));
        }
        assertFalse(Files.exists(copy), "closing removes the decrypted copy");
        try (LocalTree t = reader.local(dir, "d.dir/toc.dat"::equals)) {
            assertArrayEquals(new byte[200_000], Files.readAllBytes(t.dir().resolve("d.dir/toc.dat")));
            assertFalse(Files.exists(t.dir().resolve("db_" + MARKER + ".dump")), "only the files asked for are decrypted");
        }
    }

    @Test
    void aDamagedObjectIsABadBackupAndAWalWriteRecordsTheCiphertextsSha() throws Exception {
        Path innerDir = Files.createDirectories(tmp.resolve("posix"));
        PosixStorage posix = new PosixStorage(innerDir, Optional.empty(), Processes.OS);
        EncryptedStorage s = new EncryptedStorage(posix, new AgeKeys(List.of(id.recipient()),
                Optional.of(EncryptedStorageTestKeys.write(tmp, id))), tmp.resolve("state"), new SecureFiles(Processes.OS));
        String dir = "main/logical/20261121T040000Z";
        Files.writeString(s.stage(dir).resolve("a.dump"), MARKER.repeat(10_000));
        s.publish(dir);
        s.put(dir + "/manifest.json", "{\"id\":\"20261121T040000Z\",\"kind\":\"LOGICAL\"}".getBytes(StandardCharsets.UTF_8));
        Path object;
        try (var files = Files.list(innerDir.resolve(dir))) {
            object = files.filter(p -> p.getFileName().toString().endsWith(".age")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(object);
        b[b.length - 100] ^= 1;
        Files.write(object, b);
        PgKeeperException bad = assertThrows(PgKeeperException.class, () -> s.local(dir));
        assertEquals(ExitCode.VERIFICATION_FAILED, bad.exitCode(), bad::getMessage);

        try (PendingObject p = s.create("main/wal", "000000010000000000000001")) {
            p.stream().write(MARKER.getBytes(StandardCharsets.UTF_8));
            p.stream().close();
            String sha = p.storedSha256().orElseThrow();
            assertTrue(p.commit("main/wal/000000010000000000000001-" + sha, false));
            byte[] stored = Files.readAllBytes(innerDir.resolve("main/wal/000000010000000000000001-" + sha));
            assertEquals(sha, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
            try (InputStream in = s.open("main/wal/000000010000000000000001-" + sha)) {
                assertEquals(MARKER, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                assertEquals(sha, ((Sealed) in).storedSha256());
            }
        }
    }

    @Test
    void verifyLogRecordsKeepWhatStatusNeedsAndSealTheSummary() throws Exception {
        RecordingStorage inner = new RecordingStorage(Files.createDirectories(tmp.resolve("inner")), Clock.systemUTC());
        EncryptedStorage writer = storage(inner, false);
        writer.append("main/verify.log", ("{\"backupId\":\"X\",\"kind\":\"LOGICAL\",\"ok\":false,\"summary\":\"table t_" + MARKER
                + " differs\",\"result\":\"failed\"}\n").getBytes(StandardCharsets.UTF_8));
        assertNoPlaintext(inner);
        try (InputStream in = writer.open("main/verify.log")) {
            JsonNode r = Json.mapper().readTree(in.readAllBytes());
            assertEquals("X", r.get("backupId").asText());
            assertEquals("(encrypted)", r.get("summary").asText());
        }
        try (InputStream in = storage(inner, true).open("main/verify.log")) {
            assertEquals("table t_" + MARKER + " differs", Json.mapper().readTree(in.readAllBytes()).get("summary").asText());
        }
    }

    @Test
    void whatWasWrittenBeforeEncryptionWasTurnedOnIsReadAsItIs() throws Exception {
        RecordingStorage inner = new RecordingStorage(Files.createDirectories(tmp.resolve("inner")), Clock.systemUTC());
        String dir = "main/logical/20261121T050000Z";
        Files.createDirectories(inner.stage(dir));
        Files.writeString(inner.stage(dir).resolve("old.dump"), "old rows");
        inner.publish(dir);
        byte[] plainManifest = "{\"id\":\"20261121T050000Z\",\"kind\":\"LOGICAL\"}".getBytes(StandardCharsets.UTF_8);
        inner.put(dir + "/manifest.json", plainManifest);
        inner.put("main/wal/000000010000000000000001-abc", "plain wal".getBytes(StandardCharsets.UTF_8));
        EncryptedStorage s = storage(inner, false);
        try (InputStream in = s.open(dir + "/manifest.json")) {
            assertArrayEquals(plainManifest, in.readAllBytes());
        }
        try (InputStream in = s.open("main/wal/000000010000000000000001-abc")) {
            assertEquals("plain wal", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertFalse(in instanceof Sealed, "checked by its plaintext sha256, as before");
        }
        assertEquals(Optional.empty(), s.recipientsOf(dir + "/manifest.json"));
        try (LocalTree t = s.local(dir)) {
            assertEquals("old rows", Files.readString(t.dir().resolve("old.dump")));
        }
    }
}
