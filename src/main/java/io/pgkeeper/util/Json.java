package io.pgkeeper.util;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration, and the one mapper built from it: ISO-8601 instants, stable field
 * order, nulls left out, indented. Jackson mappers are thread-safe once configured and costly to
 * build (a new one per call cost ~100 ms of class loading and introspection caches each time), so
 * there is one per process. It is built on first use only: {@code archive push/get} never touch
 * data binding, and must not pay for it. Nobody reconfigures it: a variant is an
 * {@link com.fasterxml.jackson.databind.ObjectWriter} or a {@code copy()}, never a change to this one.
 */
public final class Json {
    private Json() {}

    /** The class-holder idiom: built once, on the first call, without locks. */
    private static final class Holder {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }
}
