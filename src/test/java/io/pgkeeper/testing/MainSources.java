package io.pgkeeper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The main sources as lines, for the tests that hold the layers' rules the compiler does not (LayersTest, EngineLayersTest). */
public final class MainSources {
    public static final Path MAIN = Path.of("src/main/java/io/pgkeeper");

    private MainSources() {}

    /** Every main source file, by its path under {@link #MAIN} (e.g. {@code cli/Engines.java}). */
    public static Map<String, List<String>> read() {
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

    /** Code only: comment lines say what code must not do, and may name it. */
    public static boolean isCode(String line) {
        String t = line.strip();
        return !(t.startsWith("*") || t.startsWith("//") || t.startsWith("/*"));
    }
}
