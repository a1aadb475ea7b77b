package io.pgkeeper.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.repository.BackupKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitXmlTest {
    private static final Instant T = Instant.parse("2026-11-21T03:00:00Z");

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneTestcasePerStepAndCheckWithFailuresAndEscaping() throws Exception {
        String nasty = "value '<&\"x\">' is not 'ok'\u0001\nsecond line";
        VerifyReport r = new VerifyReport("20261121T030000Z", "main", BackupKind.LOGICAL, T, 1500, false, 3, "backup is bad",
                List.of(new StepResult("integrity", true, T, 10, "12 files match", 0),
                        new StepResult("checks", false, T, 20, "1 of 2 checks failed", 3)),
                List.of(new CheckResult("users <present>", "app", true, "500", ">= 100", "passed"),
                        new CheckResult("status & co", "app", false, "<&\"x\">", "'ok'", nasty)),
                List.of(), List.of(), null);
        Document doc = parse(JunitXml.render(List.of(r)));
        Element suites = doc.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        assertEquals("4", suites.getAttribute("tests"));
        assertEquals("2", suites.getAttribute("failures"));
        assertEquals("0", suites.getAttribute("errors"));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength());
        assertEquals("step: integrity", ((Element) cases.item(0)).getAttribute("name"));
        assertEquals("check: users <present>", ((Element) cases.item(2)).getAttribute("name"));
        assertEquals("pgkeeper.verify.main.logical", ((Element) cases.item(2)).getAttribute("classname"));
        Element failure = (Element) ((Element) cases.item(3)).getElementsByTagName("failure").item(0);
        assertEquals("value '<&\"x\">' is not 'ok'\uFFFD", failure.getAttribute("message"));
        assertEquals("value '<&\"x\">' is not 'ok'\uFFFD\nsecond line", failure.getTextContent());
        assertEquals(0, ((Element) cases.item(0)).getElementsByTagName("failure").getLength());
    }

    @Test
    void aStepThatCouldNotRunIsAnError() throws Exception {
        VerifyReport r = new VerifyReport("20261121T030000Z", "main", BackupKind.LOGICAL, T, 5, false, 1, "could not run",
                List.of(new StepResult("sandbox", false, T, 5, "postgres for PostgreSQL 15 is needed", 1)), List.of(), List.of(), List.of(), null);
        Document doc = parse(JunitXml.render(List.of(r)));
        assertEquals("1", doc.getDocumentElement().getAttribute("errors"));
        assertEquals("postgres for PostgreSQL 15 is needed", ((Element) doc.getElementsByTagName("error").item(0)).getAttribute("message"));
    }
}
