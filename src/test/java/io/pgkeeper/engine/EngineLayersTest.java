package io.pgkeeper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the engine strategy promises, read from the sources: the physical engine is chosen in one
 * place and pgBackRest's code lives in engine/pgbackrest. That no package depends on itself
 * through others (the engines were the last cycle: backup and pgbackrest) is LayersTest's.
 */
class EngineLayersTest {
    private static final Path MAIN = Path.of("src/main/java/io/pgkeeper");
    /** The one choice, and the policy that declares the setting. */
    private static final String CHOICE = "cli/Engines.java";

    private static Map<String, List<String>> sources() {
        Map<String, List<String>> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(MAIN)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
                out.put(MAIN.relativize(p).toString(), Files.readAllLines(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static boolean isCode(String line) {
        String t = line.strip();
        return !(t.startsWith("*") || t.startsWith("//") || t.startsWith("/*"));
    }

    @Test
    void theEngineIsChosenInOnePlace() {
        Pattern check = Pattern.compile("physical\\(\\)\\.engine\\(\\)|PhysicalEngine\\.(PG_BASEBACKUP|PGBACKREST)|\\bPG_BASEBACKUP\\b|\\bPGBACKREST\\b");
        List<String> found = new ArrayList<>();
        sources().forEach((file, lines) -> {
            if (file.equals(CHOICE) || file.startsWith("policy/")) {
                return;
            }
            for (int i = 0; i < lines.size(); i++) {
                if (isCode(lines.get(i)) && check.matcher(lines.get(i)).find()) {
                    found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        });
        assertEquals(List.of(), found);
    }

    @Test
    void pgBackRestCodeLivesInItsEnginePackage() {
        List<String> found = new ArrayList<>();
        sources().forEach((file, lines) -> {
            String name = file.substring(file.lastIndexOf('/') + 1);
            if (name.startsWith("PgBackRest") && !file.startsWith("engine/pgbackrest/") && !file.startsWith("policy/")) {
                found.add(file);
            }
        });
        assertEquals(List.of(), found);
    }
}
