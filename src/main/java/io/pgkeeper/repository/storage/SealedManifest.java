package io.pgkeeper.repository.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.crypto.AgeInputStream;
import io.pgkeeper.crypto.AgeOutputStream;
import io.pgkeeper.util.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A manifest in an encrypted repository: a plaintext header naming the format and the
 * recipients, the part of the manifest that list, prune, status and the integrity of stored
 * objects need without the key (ids, kinds, times, sizes, WAL positions, each stored object's
 * opaque name, size and sha256), and the whole manifest sealed (encrypted) with the mapping of
 * plaintext paths to stored names. Database names, settings, roles, commands, tablespace paths,
 * warnings and plaintext sha256s are only in the sealed part.
 */
final class SealedManifest {
    static final String FORMAT = "pgkeeper-encrypted-manifest/1";
    static final Set<String> PUBLIC = Set.of("formatVersion", "id", "cluster", "kind", "startedAt", "finishedAt",
            "serverVersion", "systemIdentifier", "versions", "sizeBytes", "globalsMode");
    static final Set<String> PUBLIC_PHYSICAL = Set.of("engine", "format", "compression", "startLsn", "stopLsn", "timeline",
            "startWalSegment", "stopWalSegment", "walSegmentSize", "verifiedWithPgVerifybackup", "type", "prior", "fromStandby");
    private static final TypeReference<List<StoredObject>> OBJECTS = new TypeReference<>() {};

    /** A manifest opened with the key: the whole manifest, and where each of its files is stored. */
    record Opened(byte[] manifest, List<StoredObject> objects) {}

    private SealedManifest() {}

    static boolean is(String key) {
        return key.equals("manifest.json") || key.endsWith("/manifest.json");
    }

    static byte[] seal(byte[] manifest, List<StoredObject> objects, AgeKeys keys) throws IOException {
        ObjectMapper mapper = Json.mapper();
        JsonNode full = mapper.readTree(manifest);
        ObjectNode sealed = mapper.createObjectNode();
        sealed.set("manifest", full);
        sealed.set("objects", mapper.valueToTree(objects));
        ByteArrayOutputStream enc = new ByteArrayOutputStream();
        try (AgeOutputStream out = keys.encryptor().open(enc)) {
            out.write(mapper.writeValueAsBytes(sealed));
        }
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("format", FORMAT);
        envelope.put("encryption", "age");
        ArrayNode recipients = envelope.putArray("recipients");
        keys.recipients().forEach(r -> recipients.add(r.encoded()));
        envelope.set("manifest", publicPart(full, objects, mapper));
        envelope.put("sealed", Base64.getEncoder().encodeToString(enc.toByteArray()));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope);
    }

    /** The part readable without the key, as a manifest whose files are the stored objects. */
    static byte[] publicView(byte[] stored) throws IOException {
        return Json.mapper().writeValueAsBytes(envelope(stored).get("manifest"));
    }

    static List<String> recipients(byte[] stored) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        envelope(stored).path("recipients").forEach(n -> out.add(n.asText()));
        return out;
    }

    static Opened open(byte[] stored, AgeKeys keys) throws IOException {
        byte[] sealed = Base64.getDecoder().decode(envelope(stored).path("sealed").asText());
        byte[] plain;
        try (AgeInputStream in = keys.decryptor().open(new ByteArrayInputStream(sealed))) {
            plain = in.readAllBytes();
        }
        ObjectMapper mapper = Json.mapper();
        JsonNode node = mapper.readTree(plain);
        return new Opened(mapper.writeValueAsBytes(node.get("manifest")), mapper.convertValue(node.get("objects"), OBJECTS));
    }

    /** Whether a stored manifest is sealed; one that is not was written before encryption was turned on. */
    static boolean isSealed(byte[] stored) {
        try {
            JsonNode n = Json.mapper().readTree(stored);
            return n != null && FORMAT.equals(n.path("format").asText());
        } catch (IOException e) {
            return false; // not JSON at all: read as it is, and the manifest's reader says it is damaged (exit 3)
        }
    }

    private static JsonNode envelope(byte[] stored) throws IOException {
        JsonNode n = Json.mapper().readTree(stored);
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            // surfaces as "not a valid manifest" (exit 3): a plaintext manifest in an encrypted repository is not trusted
            throw new com.fasterxml.jackson.core.JsonParseException(null, "not an encrypted manifest (" + FORMAT + ")");
        }
        return n;
    }

    private static ObjectNode publicPart(JsonNode full, List<StoredObject> objects, ObjectMapper mapper) {
        ObjectNode out = mapper.createObjectNode();
        full.fields().forEachRemaining(f -> {
            if (PUBLIC.contains(f.getKey())) {
                out.set(f.getKey(), f.getValue());
            }
        });
        JsonNode physical = full.get("physical");
        if (physical != null && physical.isObject()) {
            ObjectNode p = out.putObject("physical");
            physical.fields().forEachRemaining(f -> {
                if (PUBLIC_PHYSICAL.contains(f.getKey())) {
                    p.set(f.getKey(), f.getValue());
                }
            });
        }
        ArrayNode files = out.putArray("files");
        for (StoredObject o : objects) {
            files.addObject().put("path", o.name()).put("sizeBytes", o.storedSize()).put("sha256", o.storedSha256());
        }
        return out;
    }
}
