package io.pgkeeper.verify;

import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Verify reports as JUnit XML, so CI dashboards show each step and each check by name. A step
 * that proved the backup bad, and a failed check, are {@code <failure>}s; a step that could not
 * run is an {@code <error>}. Built with the JDK's DOM, which does the escaping.
 */
public final class JunitXml {
    private JunitXml() {}

    public static String render(List<VerifyReport> reports) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        Element suites = doc.createElement("testsuites");
        suites.setAttribute("name", "pgkeeper verify");
        doc.appendChild(suites);
        int tests = 0;
        int failures = 0;
        int errors = 0;
        for (VerifyReport r : reports) {
            Element suite = doc.createElement("testsuite");
            String classname = "pgkeeper.verify." + r.cluster() + "." + r.kind().dirName();
            suite.setAttribute("name", classname + "." + r.backupId());
            suite.setAttribute("timestamp", r.startedAt().toString());
            suite.setAttribute("time", seconds(r.durationMs()));
            int sTests = 0;
            int sFailures = 0;
            int sErrors = 0;
            for (StepResult s : r.steps()) {
                Element tc = testcase(doc, classname, "step: " + s.name(), s.durationMs());
                if (!s.ok()) {
                    boolean error = s.exitCode() != 3;
                    tc.appendChild(problem(doc, error ? "error" : "failure", s.message()));
                    sErrors += error ? 1 : 0;
                    sFailures += error ? 0 : 1;
                }
                suite.appendChild(tc);
                sTests++;
            }
            for (CheckResult c : r.checks()) {
                Element tc = testcase(doc, classname, "check: " + c.name(), 0);
                if (!c.ok()) {
                    tc.appendChild(problem(doc, "failure", c.message()));
                    sFailures++;
                }
                suite.appendChild(tc);
                sTests++;
            }
            suite.setAttribute("tests", Integer.toString(sTests));
            suite.setAttribute("failures", Integer.toString(sFailures));
            suite.setAttribute("errors", Integer.toString(sErrors));
            suite.setAttribute("skipped", "0");
            suites.appendChild(suite);
            tests += sTests;
            failures += sFailures;
            errors += sErrors;
        }
        suites.setAttribute("tests", Integer.toString(tests));
        suites.setAttribute("failures", Integer.toString(failures));
        suites.setAttribute("errors", Integer.toString(errors));
        return serialize(doc);
    }

    private static Element testcase(Document doc, String classname, String name, long ms) {
        Element tc = doc.createElement("testcase");
        tc.setAttribute("classname", classname);
        tc.setAttribute("name", xmlSafe(name));
        tc.setAttribute("time", seconds(ms));
        return tc;
    }

    private static Element problem(Document doc, String tag, String message) {
        Element e = doc.createElement(tag);
        String text = xmlSafe(message == null ? "" : message);
        int nl = text.indexOf('\n');
        e.setAttribute("message", nl < 0 ? text : text.substring(0, nl));
        e.setTextContent(text);
        return e;
    }

    /** XML 1.0 cannot carry most control characters even escaped; a tool's stderr may hold them. */
    static String xmlSafe(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                    || (cp >= 0x10000 && cp <= 0x10FFFF);
            sb.appendCodePoint(allowed ? cp : 0xFFFD);
        });
        return sb.toString();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    private static String serialize(Document doc) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
