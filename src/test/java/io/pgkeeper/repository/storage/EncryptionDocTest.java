package io.pgkeeper.repository.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.policy.Policy;
import io.pgkeeper.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/encryption.md against the code: the manifest fields it says stay readable are exactly
 * those the sealed manifest keeps in its header, and its policy example loads. The behaviour it
 * describes is tested in EncryptedDumpIT, EncryptedPhysicalIT, EncryptionFailsClosedIT,
 * EncryptedStorageTest, EncryptionPolicyTest, AgeCryptoTest and AgeToolIT.
 */
class EncryptionDocTest {
    static final Path PAGE = Path.of("docs/encryption.md");

    @TempDir
    Path tmp;

    @Test
    void theReadableFieldsAreWhatTheHeaderKeeps() throws Exception {
        String page = Files.readString(PAGE);
        int start = page.indexOf("The manifest's plaintext header holds");
        String paragraph = page.substring(start, page.indexOf("\n\n", start)).replaceAll("\\s+", " ");
        String top = paragraph.substring(paragraph.indexOf("without the key:"), paragraph.indexOf("the WAL positions"));
        String physical = paragraph.substring(paragraph.indexOf("(`physical`:"), paragraph.indexOf("), and for each"));
        assertEquals(new TreeSet<>(SealedManifest.PUBLIC), names(top));
        assertEquals(new TreeSet<>(SealedManifest.PUBLIC_PHYSICAL), withoutPhysical(names(physical)));
        assertTrue(page.contains(SealedManifest.FORMAT));
    }

    @Test
    void thePolicyExampleLoads() throws Exception {
        String page = Files.readString(PAGE);
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(m.find());
        Path file = Files.writeString(tmp.resolve("p.yaml"), "version: 1\n" + m.group(1)
                + "clusters:\n  main:\n    connection: {host: /tmp}\n");
        Policy p = new PolicyLoader().load(file, Map.of());
        assertEquals(1, p.repository().encryption().orElseThrow().recipients().size());
        assertEquals(Path.of("/var/lib/pgkeeper.state"), p.repository().state());
    }

    private static TreeSet<String> names(String text) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("`([a-zA-Z0-9]+)`").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Set<String> withoutPhysical(TreeSet<String> s) {
        s.remove("physical");
        return s;
    }
}
