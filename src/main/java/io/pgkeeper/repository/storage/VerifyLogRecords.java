package io.pgkeeper.repository.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.crypto.AgeException;
import io.pgkeeper.crypto.AgeInputStream;
import io.pgkeeper.crypto.AgeOutputStream;
import io.pgkeeper.util.Json;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Records of an append-only log ({@code verify.log}) in an encrypted repository: which backup,
 * when and with what result stay readable (status and metrics read them on hosts without the
 * key); every other field (the summary names databases and tables) is sealed, each record on
 * its own, as {@code "age:<base64>"}. Read with the identity the fields come back; without it
 * they read {@code (encrypted)}.
 */
final class VerifyLogRecords {
    private static final Set<String> PUBLIC = Set.of("backupId", "kind", "at", "ok", "result");
    private static final String PREFIX = "age:";

    private VerifyLogRecords() {}

    static boolean is(String key) {
        return key.equals("verify.log") || key.endsWith("/verify.log");
    }

    static byte[] seal(byte[] record, AgeKeys keys) throws IOException {
        ObjectMapper mapper = Json.mapper();
        JsonNode node = mapper.readTree(record);
        if (node == null || !node.isObject()) {
            throw new IOException("an encrypted repository appends JSON records only");
        }
        ObjectNode out = mapper.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            out.set(f.getKey(), PUBLIC.contains(f.getKey()) ? f.getValue()
                    : mapper.getNodeFactory().textNode(PREFIX + encrypt(mapper.writeValueAsBytes(f.getValue()), keys)));
        }
        return (compact(mapper, out) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] open(InputStream stored, AgeKeys keys) throws IOException {
        ObjectMapper mapper = Json.mapper();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stored, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode node = line.isBlank() ? null : mapper.readTree(line);
                if (node == null || !node.isObject()) {
                    out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8)); // the reader reports what it cannot parse
                    continue;
                }
                ObjectNode o = (ObjectNode) node;
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (f.getValue().isTextual() && f.getValue().asText().startsWith(PREFIX)) {
                        f.setValue(decrypt(f.getValue().asText().substring(PREFIX.length()), keys, mapper));
                    }
                }
                out.writeBytes((compact(mapper, o) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** One record, one line: the shared mapper indents. */
    private static String compact(ObjectMapper mapper, JsonNode node) throws IOException {
        return mapper.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    }

    private static String encrypt(byte[] plain, AgeKeys keys) throws IOException {
        ByteArrayOutputStream enc = new ByteArrayOutputStream();
        try (AgeOutputStream out = keys.encryptor().open(enc)) {
            out.write(plain);
        }
        return Base64.getEncoder().encodeToString(enc.toByteArray());
    }

    private static JsonNode decrypt(String b64, AgeKeys keys, ObjectMapper mapper) throws IOException {
        if (!keys.canDecrypt()) {
            return mapper.getNodeFactory().textNode("(encrypted)");
        }
        try (AgeInputStream in = keys.decryptor().open(new ByteArrayInputStream(Base64.getDecoder().decode(b64)))) {
            return mapper.readTree(in.readAllBytes());
        } catch (AgeException e) {
            if (e.reason() == AgeException.Reason.KEYS || e.reason() == AgeException.Reason.NO_MATCH) {
                return mapper.getNodeFactory().textNode("(encrypted)");
            }
            throw e;
        }
    }
}
