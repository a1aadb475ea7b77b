package io.pgkeeper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.util.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison the docs tests rely on finds what differs, and only that. */
class JsonShapeTest {
    private static JsonNode j(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void aMatchingSampleHasNoProblem() throws Exception {
        assertEquals(List.of(), JsonShape.problems(j("{\"a\": 1, \"b\": [{\"c\": \"x\"}], \"d\": \"...\", \"e\": null}"),
                List.of(j("{\"a\": 7, \"b\": [{\"c\": \"y\"}, {\"c\": \"z\"}], \"d\": [1], \"e\": \"set\"}"))));
    }

    @Test
    void undocumentedMissingAndMistypedFieldsAreNamed() throws Exception {
        assertEquals(List.of("$.x: printed but not documented", "$.a: documented as NUMBER, printed as STRING (\"1\")", "$.b: documented but never printed"),
                JsonShape.problems(j("{\"a\": 1, \"b\": 2}"), List.of(j("{\"a\": \"1\", \"x\": 3}"))));
    }

    @Test
    void aFieldSeenInOneSampleOfSeveralIsDocumentedRightly() throws Exception {
        assertEquals(List.of(), JsonShape.problems(j("{\"a\": 1, \"sandbox\": {\"port\": 1}}"),
                List.of(j("{\"a\": 1}"), j("{\"a\": 2, \"sandbox\": {\"port\": 5}}"))));
    }

    @Test
    void documentedElementsNeedASampleElementAndOpenObjectsAllowMore() throws Exception {
        assertEquals(List.of("$.b[]: the elements are documented, but no sample has one to compare with"),
                JsonShape.problems(j("{\"b\": [{\"c\": 1}]}"), List.of(j("{\"b\": []}"))));
        assertEquals(List.of(), JsonShape.problems(j("{\"m\": {\"id\": \"x\", \"...\": \"...\"}}"), List.of(j("{\"m\": {\"id\": \"y\", \"z\": 1}}"))));
        assertEquals(List.of("no real output to compare with"), JsonShape.problems(j("{}"), List.of()));
    }
}
