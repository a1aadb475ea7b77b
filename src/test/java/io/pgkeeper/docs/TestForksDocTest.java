package io.pgkeeper.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * docs/architecture.md says how failsafe runs the integration tests: two JVMs for the whole
 * suite, PackageInstallIT alone after them, one JVM for a targeted run. The pom holds it.
 */
class TestForksDocTest {

    @Test
    void thePomRunsTheSuiteAsTheArchitecturePageSays() throws Exception {
        String page = Files.readString(Path.of("docs/architecture.md")).replaceAll("\\s+", " ");
        assertTrue(page.contains("runs the integration test classes in two failsafe JVMs at once"), "the page says two JVMs");
        assertTrue(page.contains("`PackageInstallIT`, which installs the package on the machine"), "the page says PackageInstallIT runs alone");

        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        Element profile = only(children(pom.getDocumentElement(), "profiles", "profile"), "parallel-its", "id");
        assertEquals("!it.test", text(profile, "activation", "property", "name"), "the two JVMs are for the whole suite only");
        List<Element> executions = children(profile, "build", "plugins", "plugin", "executions", "execution");
        Element parallel = only(executions, "default", "id");
        assertEquals("2", text(parallel, "configuration", "forkCount"));
        assertEquals("true", text(parallel, "configuration", "reuseForks"), "reused forks take classes from one queue");
        assertEquals("**/PackageInstallIT.java", text(parallel, "configuration", "excludes", "exclude"));
        Element machine = only(executions, "machine", "id");
        assertEquals("1", text(machine, "configuration", "forkCount"));
        assertEquals("**/PackageInstallIT.java", text(machine, "configuration", "includes", "include"));
        assertTrue(!text(parallel, "configuration", "summaryFile").equals(text(machine, "configuration", "summaryFile")),
                "one summary file would hold only the last execution's results, and verify would pass on the other's failures");

        Element failsafe = only(children(pom.getDocumentElement(), "build", "plugins", "plugin"), "maven-failsafe-plugin", "artifactId");
        assertEquals(List.of(), children(failsafe, "configuration", "forkCount"), "a targeted run keeps failsafe's one JVM");
    }

    /** The elements at the end of {@code path} below {@code from}, in document order. */
    private static List<Element> children(Element from, String... path) {
        List<Element> level = List.of(from);
        for (String name : path) {
            List<Element> next = new ArrayList<>();
            for (Element e : level) {
                NodeList nodes = e.getChildNodes();
                for (int i = 0; i < nodes.getLength(); i++) {
                    Node n = nodes.item(i);
                    if (n instanceof Element c && c.getTagName().equals(name)) {
                        next.add(c);
                    }
                }
            }
            level = next;
        }
        return level;
    }

    private static Element only(List<Element> elements, String value, String child) {
        List<Element> found = elements.stream().filter(e -> text(e, child).equals(value)).toList();
        assertEquals(1, found.size(), "one element with " + child + " " + value);
        return found.get(0);
    }

    private static String text(Element from, String... path) {
        List<Element> found = children(from, path);
        assertEquals(1, found.size(), "one " + String.join("/", path));
        return found.get(0).getTextContent().strip();
    }
}
