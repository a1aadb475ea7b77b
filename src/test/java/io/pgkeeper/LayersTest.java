package io.pgkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
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
import io.pgkeeper.testing.MainSources;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md that the compiler does not enforce, read from the sources:
 * ambient inputs are read at the composition root only, packages form no cycle, and no main
 * source file grows past 250 lines.
 */
class LayersTest {

    /**
     * Where who the process runs as is still read in place: SecureFiles' static helpers, which
     * pgbackrest/ and restore/ call (Part E of issue 16 moves them into engine/ and hands them the
     * identity); then this list is empty.
     */
    private static final List<String> NOT_YET_INJECTED = List.of("util/SecureFiles.java");

    /** An ambient input, and the only files that may read it. */
    private record Ambient(String what, Pattern code, Set<String> allowed) {}

    private static final List<Ambient> AMBIENT = List.of(
            new Ambient("the environment", Pattern.compile("System\\.getenv\\("), Set.of("cli/CliContext.java")),
            new Ambient("who the process runs as", Pattern.compile("OsIdentity\\.current\\(|OsUser\\.|new UnixSystem\\("),
                    Set.of("cli/CliContext.java", "util/OsIdentity.java")),
            new Ambient("the clock", Pattern.compile("Clock\\.system|(Instant|LocalDate|LocalDateTime|ZonedDateTime|OffsetDateTime)\\.now\\("),
                    Set.of("cli/CliContext.java")),
            new Ambient("a terminal", Pattern.compile("System\\.console\\("), Set.of("cli/CliContext.java")),
            new Ambient("a runner of real processes", Pattern.compile("new SystemProcessRunner\\("), Set.of("cli/CliContext.java")),
            new Ambient("the policy", Pattern.compile("new PolicyLoader\\("), Set.of("cli/CliContext.java")),
            // SandboxGuard's hook lives only while a point-in-time restore's sandbox exists (its server is detached by
            // pg_ctl, so ShutdownKill's kill of descendants does not reach it) and is removed when the run ends
            new Ambient("a shutdown hook", Pattern.compile("addShutdownHook\\("), Set.of("process/ShutdownKill.java", "restore/SandboxGuard.java")),
            new Ambient("an ObjectMapper", Pattern.compile("new ObjectMapper\\(|JsonMapper\\.builder\\("), Set.of("util/Json.java")));

    /** None: the engines live under engine/ and are chosen in cli/Engines, so backup and pgbackrest no longer need each other. */
    private static final List<Set<String>> KNOWN_CYCLES = List.of();

    /** Files past the limit that another part of issue 16 splits (Part R: WalArchive). */
    private static final Set<String> KNOWN_LONG = Set.of();

    @Test
    void ambientInputsAreReadAtTheCompositionRootOnly() {
        List<String> found = new ArrayList<>();
        MainSources.read().forEach((file, lines) -> {
            if (NOT_YET_INJECTED.stream().anyMatch(file::startsWith)) {
                return;
            }
            for (int i = 0; i < lines.size(); i++) {
                for (Ambient a : AMBIENT) {
                    if (MainSources.isCode(lines.get(i)) && a.code().matcher(lines.get(i)).find() && !a.allowed().contains(file)) {
                        found.add(file + ":" + (i + 1) + " reads " + a.what() + " (only " + a.allowed() + " may): " + lines.get(i).strip());
                    }
                }
            }
        });
        assertEquals(List.of(), found);
    }

    @Test
    void packagesFormNoCycle() {
        Pattern ref = Pattern.compile("io\\.pgkeeper\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");
        Map<String, Set<String>> deps = new TreeMap<>();
        MainSources.read().forEach((file, lines) -> {
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
        assertEquals(KNOWN_CYCLES, cycles(deps));
    }

    @Test
    void noMainSourceFileIsLongerThan250Lines() {
        List<String> longer = new ArrayList<>();
        MainSources.read().forEach((file, lines) -> {
            if (lines.size() > 250 && !KNOWN_LONG.contains(file)) {
                longer.add(file + ": " + lines.size() + " lines");
            }
        });
        assertEquals(List.of(), longer);
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
