package io.pgkeeper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import io.pgkeeper.testing.MainSources;
import org.junit.jupiter.api.Test;

/**
 * What the engine strategy promises, read from the sources: the physical engine is chosen in one
 * place and pgBackRest's code lives in engine/pgbackrest. That no package depends on itself
 * through others (the engines were the last cycle: backup and pgbackrest) is LayersTest's.
 */
class EngineLayersTest {
    /** The one choice, and the policy that declares the setting. */
    private static final String CHOICE = "cli/Engines.java";

    @Test
    void theEngineIsChosenInOnePlace() {
        Pattern check = Pattern.compile("physical\\(\\)\\.engine\\(\\)|PhysicalEngine\\.(PG_BASEBACKUP|PGBACKREST)|\\bPG_BASEBACKUP\\b|\\bPGBACKREST\\b");
        List<String> found = new ArrayList<>();
        MainSources.read().forEach((file, lines) -> {
            if (file.equals(CHOICE) || file.startsWith("policy/")) {
                return;
            }
            for (int i = 0; i < lines.size(); i++) {
                if (MainSources.isCode(lines.get(i)) && check.matcher(lines.get(i)).find()) {
                    found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        });
        assertEquals(List.of(), found);
    }

    @Test
    void pgBackRestCodeLivesInItsEnginePackage() {
        List<String> found = new ArrayList<>();
        MainSources.read().forEach((file, lines) -> {
            String name = file.substring(file.lastIndexOf('/') + 1);
            if (name.startsWith("PgBackRest") && !file.startsWith("engine/pgbackrest/") && !file.startsWith("policy/")) {
                found.add(file);
            }
        });
        assertEquals(List.of(), found);
    }
}
