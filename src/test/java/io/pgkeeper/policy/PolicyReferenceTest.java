package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** docs/policy.md's key reference is what the declaration renders, and the declaration is sound. */
class PolicyReferenceTest {
    static final Path DOCS = Path.of("docs/policy.md");

    @Test
    void docsShowWhatTheDeclarationRenders() throws IOException {
        String page = Files.readString(DOCS, StandardCharsets.UTF_8);
        assertEquals(PolicyReference.splice(page, PolicyReference.render()), page,
                "docs/policy.md's key reference differs from the *Keys declarations: run scripts/policy-docs");
    }

    @Test
    void everyKeyHasARowUnderItsSection() throws IOException {
        String page = Files.readString(DOCS, StandardCharsets.UTF_8);
        for (PolicyReference.Placed placed : PolicyReference.sections()) {
            String heading = placed.paths().equals(List.of("")) ? "### Top level" : "### `" + placed.paths().get(0) + "`";
            int at = page.indexOf(heading);
            assertTrue(at >= 0, () -> "no heading " + heading);
            int next = page.indexOf("\n### ", at + 1);
            String part = page.substring(at, next < 0 ? page.length() : next);
            for (Key<?> key : placed.section().keys()) {
                assertTrue(part.contains("\n| `" + key.name() + "` |"), () -> heading + " has no row for " + key.name());
            }
        }
        assertTrue(page.contains("| `password` | — | — | Refused"), "the refused key is documented too");
    }

    /** Every declared default is a value the loader itself accepts, and reads back as that default. */
    @Test
    void defaultsReadBackAsThemselves() {
        for (Key<?> key : allKeys()) {
            key.dflt().ifPresent(d -> assertEquals(d, readBack(key), () -> key.name() + "'s default"));
        }
    }

    @Test
    void everyKeyIsDescribedAndNamedOncePerSection() {
        for (PolicyReference.Placed placed : PolicyReference.sections()) {
            Set<String> names = new HashSet<>();
            for (Key<?> key : placed.section().keys()) {
                assertTrue(names.add(key.name()), () -> key.name() + " is declared twice in " + placed.paths());
                assertFalse(key.doc().isBlank(), () -> key.name() + " in " + placed.paths() + " has no description");
                assertTrue(key.doc().endsWith("."), () -> key.name() + "'s description is not a sentence");
                assertFalse(key.isRequired() && key.dflt().isPresent(), () -> key.name() + " is required and has a default");
            }
        }
    }

    @Test
    void spliceReplacesOnlyTheTextBetweenTheMarkers() {
        String page = "intro\n" + PolicyReference.BEGIN + "\nold\n" + PolicyReference.END + "\nafter\n";
        assertEquals("intro\n" + PolicyReference.BEGIN + "\n\nnew\n\n" + PolicyReference.END + "\nafter\n",
                PolicyReference.splice(page, "new\n"));
    }

    private static List<Key<?>> allKeys() {
        List<Key<?>> keys = new ArrayList<>();
        PolicyReference.sections().forEach(p -> keys.addAll(p.section().keys()));
        return keys;
    }

    /** The default spelt as YAML, then read through the key's own type, as the loader would read it. */
    private static <T> T readBack(Key<T> key) {
        String yaml = "v: " + key.type().spell(key.defaultValue()) + "\n";
        Problems problems = new Problems("default of " + key.name());
        Node root = PolicyYaml.parse(yaml.getBytes(StandardCharsets.UTF_8), problems).orElseThrow();
        Node value = ((MappingNode) root).getValue().get(0).getValueNode();
        ScalarReader values = new ScalarReader(problems, new EnvInterpolator(Map.of()), Path.of("/"));
        Optional<T> read = key.type().read(values, value, key.name());
        assertEquals(List.of(), problems.list());
        return read.orElseThrow();
    }
}
