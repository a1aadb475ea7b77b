package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLocatorTest {
    @TempDir
    Path dir;

    Path cwd;
    Path system;
    Path flagFile;
    Path envFile;
    PolicyLocator locator;

    @BeforeEach
    void setUp() throws IOException {
        cwd = Files.createDirectories(dir.resolve("cwd"));
        system = dir.resolve("etc/pgkeeper/pgkeeper.yaml");
        flagFile = dir.resolve("flag.yaml");
        envFile = dir.resolve("env.yaml");
        locator = new PolicyLocator(system);
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "version: 1\n");
    }

    @Test
    void flagWinsOverEverything() throws IOException {
        touch(flagFile);
        touch(envFile);
        touch(cwd.resolve("pgkeeper.yaml"));
        touch(system);
        assertEquals(flagFile, locator.find(Optional.of(flagFile), Map.of("PGKEEPER_POLICY", envFile.toString()), cwd));
    }

    @Test
    void environmentVariableComesSecond() throws IOException {
        touch(envFile);
        touch(cwd.resolve("pgkeeper.yaml"));
        touch(system);
        assertEquals(envFile, locator.find(Optional.empty(), Map.of("PGKEEPER_POLICY", envFile.toString()), cwd));
    }

    @Test
    void workingDirectoryComesThirdThenTheSystemFile() throws IOException {
        touch(system);
        assertEquals(system, locator.find(Optional.empty(), Map.of(), cwd));
        touch(cwd.resolve("pgkeeper.yaml"));
        assertEquals(cwd.resolve("pgkeeper.yaml"), locator.find(Optional.empty(), Map.of("PGKEEPER_POLICY", ""), cwd));
    }

    @Test
    void relativeFlagIsTakenFromTheWorkingDirectory() throws IOException {
        touch(cwd.resolve("conf/p.yaml"));
        assertEquals(cwd.resolve("conf/p.yaml"), locator.find(Optional.of(Path.of("conf/p.yaml")), Map.of(), cwd));
    }

    @Test
    void explicitlyNamedMissingFileDoesNotFallBack() throws IOException {
        touch(cwd.resolve("pgkeeper.yaml"));
        PgKeeperException e = assertThrows(PgKeeperException.class,
                () -> locator.find(Optional.of(flagFile), Map.of(), cwd));
        assertEquals("policy file " + flagFile + " (from --policy) does not exist", e.getMessage());
        e = assertThrows(PgKeeperException.class,
                () -> locator.find(Optional.empty(), Map.of("PGKEEPER_POLICY", envFile.toString()), cwd));
        assertEquals("policy file " + envFile + " (from $PGKEEPER_POLICY) does not exist", e.getMessage());
    }

    @Test
    void nothingFoundNamesEveryPlaceLookedAt() {
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> locator.find(Optional.empty(), Map.of(), cwd));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("no policy file found; looked at --policy (not given), $PGKEEPER_POLICY (not set), "
                + cwd.resolve("pgkeeper.yaml") + ", " + system, e.getMessage());
        assertEquals(Optional.of("pass --policy FILE or create ./pgkeeper.yaml (see config/pgkeeper.example.yaml)"), e.hint());
    }

    @Test
    void staticLocateLooksInEtcLast() throws IOException {
        touch(cwd.resolve("pgkeeper.yaml"));
        assertEquals(cwd.resolve("pgkeeper.yaml"), PolicyLocator.locate(Optional.empty(), Map.of(), cwd));
        assertTrue(PolicyLocator.SYSTEM_POLICY.isAbsolute());
    }
}
