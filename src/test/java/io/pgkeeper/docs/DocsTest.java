package io.pgkeeper.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.testing.DocBlocks;
import io.pgkeeper.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * No JSON example and no shell snippet that uses pgkeeper's output escapes the docs tests:
 * each is tagged, parses, and has a test that compares or runs it (DocsJsonIT, DocSnippetsIT).
 */
class DocsTest {

    @Test
    void everyJsonBlockIsTaggedParsesAndIsComparedWithRealOutput() {
        List<String> problems = new ArrayList<>();
        Set<String> tags = new TreeSet<>();
        for (DocBlocks.Block b : DocsCoverage.blocks()) {
            boolean json = b.lang().equals("json");
            if (json != "json-shape".equals(b.tagKind())) {
                problems.add(b.where() + ": " + (json ? "a JSON block without <!-- json-shape: NAME -->" : "a json-shape tag on a " + b.lang() + " block"));
                continue;
            }
            if (!json) {
                continue;
            }
            if (!tags.add(b.tag())) {
                problems.add(b.where() + ": json-shape " + b.tag() + " is used twice");
            }
            try {
                Json.mapper().readTree(b.text());
            } catch (Exception e) {
                problems.add(b.where() + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(new TreeSet<>(DocsCoverage.JSON_SHAPES), tags, "the shapes DocsJsonIT compares are the shapes the docs show");
    }

    @Test
    void everySnippetThatUsesPgkeepersOutputIsTaggedAndRun() {
        List<String> problems = new ArrayList<>();
        Set<String> tags = new TreeSet<>();
        for (var page : DocsCoverage.SNIPPET_PAGES) {
            for (DocBlocks.Block b : DocBlocks.of(page)) {
                boolean shell = b.lang().equals("sh") || b.lang().equals("cron") || (b.lang().equals("yaml") && b.text().contains("pgkeeper "));
                boolean uses = shell && b.text().contains("pgkeeper") && DocsCoverage.USES_OUTPUT.matcher(b.text()).find();
                if ("snippet".equals(b.tagKind())) {
                    tags.add(b.tag());
                } else if (uses) {
                    problems.add(b.where() + ": uses pgkeeper's output but has no <!-- snippet: NAME --> for DocSnippetsIT to run");
                }
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(new TreeSet<>(DocsCoverage.SNIPPETS), tags, "the snippets DocSnippetsIT runs are the snippets the docs show");
    }
}
