package io.pgkeeper.repository.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.crypto.AgeIdentity;
import io.pgkeeper.testing.Processes;
import io.pgkeeper.util.Json;
import io.pgkeeper.util.SecureFiles;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EncryptedStorage#createFile}: a streamed file is encrypted on its way into the inner
 * store under an opaque name, nothing of it is staged, and the sealed manifest records it beside
 * the staged files (ciphertext sha256 in the header, plaintext path and sha256 inside), so that
 * {@code local} with the identity gives back the plaintext.
 */
class EncryptedStreamTest {
    static final String MARKER = "stream-marker-8812";

    @TempDir
    Path tmp;

    private final AgeIdentity id = AgeIdentity.generate();

    @Test
    void aStreamedFileIsSealedWithTheStagedOnesAndNeverStagedInPlaintext() throws Exception {
        RecordingStorage inner = new RecordingStorage(Files.createDirectories(tmp.resolve("inner")), Clock.systemUTC());
        EncryptedStorage s = new EncryptedStorage(inner, new AgeKeys(List.of(id.recipient()),
                Optional.of(EncryptedStorageTestKeys.write(tmp, id))), tmp.resolve("state"), new SecureFiles(Processes.OS));
        String dir = "main/logical/20261121T050000Z";
        Path stage = s.stage(dir);
        byte[] rows = ("row " + MARKER + "\n").repeat(40_000).getBytes(StandardCharsets.UTF_8);
        try (PendingObject p = s.createFile(dir, "db_" + MARKER + ".dump")) {
            OutputStream out = p.stream();
            out.write(rows, 0, 1000);
            out.write(rows, 1000, rows.length - 1000);
            try (Stream<Path> staged = Files.walk(tmp.resolve("state"))) {
                assertEquals(List.of(), staged.filter(Files::isRegularFile).toList(), "nothing is staged while it streams");
            }
            out.close();
            assertTrue(p.commit(dir + "/db_" + MARKER + ".dump", false));
        }
        try (PendingObject abandoned = s.createFile(dir, "gone.dump")) {
            abandoned.stream().write(rows, 0, 5000); // a failed pg_dump: never committed
        }
        Files.writeString(stage.resolve("db_" + MARKER + ".schema.sql"), "CREATE TABLE t_" + MARKER + " ();");
        s.publish(dir);
        s.put(dir + "/manifest.json", ("{\"id\":\"20261121T050000Z\",\"kind\":\"LOGICAL\",\"files\":[{\"path\":\"db_" + MARKER
                + ".dump\"}]}").getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> o : inner.objects().entrySet()) {
            assertFalse(o.getKey().contains(MARKER), o.getKey());
            assertFalse(new String(o.getValue(), StandardCharsets.ISO_8859_1).contains(MARKER), "plaintext in " + o.getKey());
        }
        JsonNode header;
        try (InputStream in = inner.open(dir + "/manifest.json")) {
            header = Json.mapper().readTree(SealedManifest.publicView(in.readAllBytes()));
        }
        assertEquals(2, header.get("files").size(), "the streamed and the staged file: " + header);
        for (JsonNode f : header.get("files")) {
            byte[] stored = inner.objects().get(dir + "/" + f.get("path").asText());
            assertEquals(f.get("sha256").asText(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
        }
        try (LocalTree t = s.local(dir)) {
            assertArrayEquals(rows, Files.readAllBytes(t.dir().resolve("db_" + MARKER + ".dump")));
            assertEquals("CREATE TABLE t_" + MARKER + " ();", Files.readString(t.dir().resolve("db_" + MARKER + ".schema.sql")));
            try (Stream<Path> copy = Files.list(t.dir())) {
                assertEquals(2, copy.count(), "the abandoned stream is no file of the backup");
            }
        }
    }
}
