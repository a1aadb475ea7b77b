package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.TablespaceEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where tablespaces go, decided before anything is written; every refusal names the directory and the option. */
class TablespacePlanTest {
    @TempDir
    Path tmp;

    private List<TablespaceEntry> recorded() {
        return List.of(new TablespaceEntry("16384", "fast", tmp.resolve("src/fast").toString()),
                new TablespaceEntry("16390", "slow", tmp.resolve("src/slow").toString()));
    }

    @Test
    void withoutAMappingATablespaceGoesBackWhenItsDirectoryIsAbsentOrEmpty() throws Exception {
        Files.createDirectories(tmp.resolve("src/slow"));
        List<TablespacePlan.Placement> p = TablespacePlan.plan(recorded(), List.of(), tmp.resolve("data"), Map.of());
        assertEquals(List.of(tmp.resolve("src/fast"), tmp.resolve("src/slow")), p.stream().map(TablespacePlan.Placement::to).toList());
        assertTrue(p.stream().noneMatch(TablespacePlan.Placement::mapped));
    }

    @Test
    void aNonEmptyDirectoryIsRefusedNamingItAndTheOption() throws Exception {
        Files.createDirectories(tmp.resolve("src/fast/PG_15_202209061"));
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> TablespacePlan.plan(recorded(), List.of(), tmp.resolve("data"), Map.of()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(tmp.resolve("src/fast") + " is not empty") && e.getMessage().contains("PG_15_202209061"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("--tablespace-map " + tmp.resolve("src/fast") + "=NEW_DIRECTORY"), e.hint().get());
    }

    @Test
    void aMappingRelocatesAndMustNameARecordedTablespace() throws Exception {
        Files.createDirectories(tmp.resolve("src/fast/PG_15_202209061"));
        TablespaceMapping m = TablespaceMapping.parse(tmp.resolve("src/fast") + "=" + tmp.resolve("copy/fa\\=st"));
        assertEquals(tmp.resolve("copy/fa=st"), m.to());
        List<TablespacePlan.Placement> p = TablespacePlan.plan(recorded(), List.of(m), tmp.resolve("data"), Map.of());
        assertEquals(tmp.resolve("copy/fa=st"), p.get(0).to());
        assertTrue(p.get(0).mapped());
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> TablespacePlan.plan(recorded(),
                List.of(TablespaceMapping.parse("/nowhere=/x")), tmp.resolve("data"), Map.of()));
        assertTrue(e.getMessage().contains("no tablespace at /nowhere") && e.hint().orElseThrow().contains("fast (oid 16384)"), e.getMessage());
        for (String bad : List.of("relative=/x", "/x", "/a=/b=/c", "=/b")) {
            assertEquals(ExitCode.USAGE, assertThrows(PgKeeperException.class, () -> TablespaceMapping.parse(bad)).exitCode(), bad);
        }
    }

    @Test
    void insideTheDataDirectoryOrTwiceTheSameTargetIsRefused() {
        Path data = tmp.resolve("data");
        assertThrows(PgKeeperException.class, () -> TablespacePlan.plan(recorded(),
                List.of(TablespaceMapping.parse(tmp.resolve("src/fast") + "=" + data.resolve("ts"))), data, Map.of()));
        assertThrows(PgKeeperException.class, () -> TablespacePlan.plan(recorded(), List.of(
                TablespaceMapping.parse(tmp.resolve("src/fast") + "=/same"), TablespaceMapping.parse(tmp.resolve("src/slow") + "=/same")), data, Map.of()));
    }

    @Test
    void forceReplacesOnlyTheTablespaceOfTheDataDirectoryItReplaces() throws Exception {
        Path fast = Files.createDirectories(tmp.resolve("src/fast/PG_15_202209061")).getParent();
        List<TablespacePlan.Placement> p = TablespacePlan.plan(recorded(), List.of(), tmp.resolve("data"), Map.of("16384", fast));
        assertTrue(p.get(0).replace());
        assertEquals(List.of(fast.resolve("PG_15_202209061")), TablespacePlan.versionDirs(fast));
        assertThrows(PgKeeperException.class, () -> TablespacePlan.plan(recorded(), List.of(), tmp.resolve("data"), Map.of("16390", fast)));
    }
}
