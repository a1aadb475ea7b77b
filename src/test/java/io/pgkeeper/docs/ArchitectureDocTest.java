package io.pgkeeper.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md and the README's folder tree say where things live: every file they name
 * exists, and every package of the code is in both pictures.
 */
class ArchitectureDocTest {
    private static final Path MAIN = Path.of("src/main/java/io/pgkeeper");
    private static final Pattern FILE = Pattern.compile("`([a-z]+(?:/[a-z]+)*/[A-Z][A-Za-z]*\\.java)`");
    private static final Pattern FOLDER = Pattern.compile("(?<![\\w/.])([a-z]+)/(?=[\\s)`]|$)");

    @Test
    void everyFileTheArchitecturePageNamesExists() throws IOException {
        String page = Files.readString(Path.of("docs/architecture.md"));
        List<String> missing = new ArrayList<>();
        Matcher m = FILE.matcher(page);
        int named = 0;
        while (m.find()) {
            named++;
            if (!Files.isRegularFile(MAIN.resolve(m.group(1)))) {
                missing.add(m.group(1));
            }
        }
        assertEquals(List.of(), missing, "files docs/architecture.md names that are not under " + MAIN);
        assertEquals(true, named >= 20, "the page names the places: " + named);
    }

    @Test
    void everyPackageIsInTheArchitecturePictureAndTheReadmeTree() throws IOException {
        Set<String> packages = packages();
        assertEquals(packages, folders(block(Files.readString(Path.of("docs/architecture.md")), "## Layers")), "docs/architecture.md");
        String readme = block(Files.readString(Path.of("README.md")), "## Building and developing");
        Set<String> inTree = folders(readme);
        inTree.removeAll(Set.of("bench", "testing", "storage"));
        assertEquals(packages, inTree, "README's folder tree");
        assertEquals(true, Files.isDirectory(MAIN.resolve("repository/storage")), "README names repository/storage/");
    }

    /** The top-level packages under io.pgkeeper. */
    private static Set<String> packages() throws IOException {
        try (Stream<Path> s = Files.list(MAIN)) {
            return new TreeSet<>(s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList());
        }
    }

    /** The first fenced block after {@code heading}. */
    private static String block(String text, String heading) {
        int at = text.indexOf(heading);
        int open = text.indexOf("```text\n", at);
        int close = text.indexOf("```", open + 8);
        if (at < 0 || open < 0 || close < 0) {
            throw new AssertionError("no ```text block after " + heading);
        }
        return text.substring(open + 8, close);
    }

    private static Set<String> folders(String block) {
        Set<String> out = new TreeSet<>();
        Matcher m = FOLDER.matcher(block);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
