package io.pgkeeper.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares a JSON example from the docs with real outputs of the program. The example's
 * fields must be exactly the fields the program prints: every field of every sample is
 * documented, and every documented field appears in at least one sample (a field that appears
 * only sometimes is shown by a sample that has it). Types must agree. In the example, the
 * string {@code "..."} stands for any value, and a field named {@code "..."} for fields not shown;
 * an array's first element is the shape of every element (an empty array: elements not shown);
 * {@code null} stands for any value that may be null.
 */
public final class JsonShape {
    private JsonShape() {}

    public static List<String> problems(JsonNode documented, List<JsonNode> samples) {
        List<String> out = new ArrayList<>();
        if (samples.isEmpty()) {
            return List.of("no real output to compare with");
        }
        compare(documented, samples, "$", out);
        return out;
    }

    private static void compare(JsonNode doc, List<JsonNode> samples, String path, List<String> out) {
        if (doc.isTextual() && doc.asText().equals("...") || doc.isNull()) {
            return;
        }
        List<JsonNode> present = samples.stream().filter(s -> s != null && !s.isNull()).toList();
        for (JsonNode s : present) {
            if (s.getNodeType() != doc.getNodeType()) {
                out.add(path + ": documented as " + doc.getNodeType() + ", printed as " + s.getNodeType() + " (" + s + ")");
                return;
            }
        }
        if (doc.isObject()) {
            Set<String> documented = names(doc);
            boolean open = documented.remove("...");
            Set<String> seen = new LinkedHashSet<>();
            for (JsonNode s : present) {
                for (String name : names(s)) {
                    seen.add(name);
                    if (!documented.contains(name) && !open) {
                        out.add(path + "." + name + ": printed but not documented");
                    }
                }
            }
            for (String name : documented) {
                if (!present.isEmpty() && !seen.contains(name)) {
                    out.add(path + "." + name + ": documented but never printed");
                }
                List<JsonNode> values = present.stream().map(s -> s.get(name)).filter(v -> v != null).toList();
                compare(doc.get(name), values, path + "." + name, out);
            }
        } else if (doc.isArray() && doc.size() > 0) {
            List<JsonNode> elements = new ArrayList<>();
            present.forEach(s -> s.forEach(elements::add));
            boolean anything = doc.get(0).isTextual() && doc.get(0).asText().equals("...");
            if (elements.isEmpty() && !present.isEmpty() && !anything) {
                out.add(path + "[]: the elements are documented, but no sample has one to compare with");
                return;
            }
            compare(doc.get(0), elements, path + "[]", out);
        }
    }

    private static Set<String> names(JsonNode n) {
        Set<String> out = new LinkedHashSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }
}
