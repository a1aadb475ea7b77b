package io.pgkeeper.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Which cluster an archive belongs to, recorded at the first push or base backup. A segment
 * whose header names another system identifier is refused: two clusters must never share one
 * archive, since recovery would replay the wrong history.
 */
public record ArchiveIdentity(String systemIdentifier, long segmentSize) {
    public static final String FILE_NAME = "archive-identity.json";

    // Read and written with Jackson's streaming API, not the data-binding ObjectMapper: every
    // segment push reads this file, and building a mapper would add ~100 ms to archive_command.

    /** The file's content: {"systemIdentifier": "...", "segmentSize": N}, as before. */
    public byte[] toJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("systemIdentifier", systemIdentifier);
            g.writeNumberField("segmentSize", segmentSize);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Parses what {@link #toJson()} wrote; unknown fields are ignored, a missing identifier is an error. */
    public static ArchiveIdentity parse(byte[] json) throws IOException {
        String id = null;
        long size = 0;
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("systemIdentifier".equals(field) && value != JsonToken.VALUE_NULL) {
                    id = p.getValueAsString();
                } else if ("segmentSize".equals(field) && value.isNumeric()) {
                    size = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
        }
        if (id == null) {
            throw new IOException("no systemIdentifier in it");
        }
        return new ArchiveIdentity(id, size);
    }
}
