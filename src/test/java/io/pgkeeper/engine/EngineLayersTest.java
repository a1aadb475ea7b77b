package io.pgkeeper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the engine strategy promises, read from the sources: the physical engine is chosen in one
 * place, pgBackRest's code lives in engine/pgbackrest, and no package depends on itself through
 * others (the engines were the last cycle: backup and pgbackrest).
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

    @Test
    void packagesFormNoCycle() {
        Pattern ref = Pattern.compile("io\\.pgkeeper\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");
        Map<String, Set<String>> deps = new TreeMap<>();
        sources().forEach((file, lines) -> {
            String pkg = file.contains("/") ? file.substring(0, file.lastIndexOf('/')).replace('/', '.') : "";
            Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
            for (String line : lines) {
                Matcher m = ref.matcher(line);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        out.add(m.group(1));
                    }
                }
            }
        });
        assertEquals(List.of(), cycles(deps));
    }

    /** Tarjan's strongly connected components with more than one package. */
    private static List<Set<String>> cycles(Map<String, Set<String>> deps) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : deps.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, deps, index, low, stack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> deps, Map<String, Integer> index, Map<String, Integer> low,
            Deque<String> stack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : deps.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, deps, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }
}
