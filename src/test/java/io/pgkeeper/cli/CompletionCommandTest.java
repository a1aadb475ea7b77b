package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {

    @Test
    void bashScriptCompletesTheSubcommandsAndIsValidBash(@TempDir Path tmp) throws Exception {
        Cli.Result r = Cli.run("completion", "bash");
        assertEquals(0, r.exitCode(), r::toString);
        for (String sub : new String[] {"dump", "basebackup", "restore", "verify", "prune", "archive", "status", "schedule", "check"}) {
            assertTrue(r.out().contains(sub), () -> "no " + sub + " in\n" + r.out());
        }
        assertTrue(r.out().contains("complete -F"), r::toString);
        Path script = Files.writeString(tmp.resolve("pgkeeper.bash"), r.out());
        Process syntax = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String out = new String(syntax.getInputStream().readAllBytes());
        assertEquals(0, syntax.waitFor(), out);
    }

    @Test
    void zshGetsTheBashScriptBehindBashcompinit() {
        Cli.Result r = Cli.run("completion", "zsh");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("bashcompinit"), r::toString);
        assertTrue(r.out().contains("complete -F"), r::toString);
    }

    @Test
    void anotherShellIsAUsageError() {
        Cli.Result r = Cli.run("completion", "fish");
        assertEquals(2, r.exitCode(), r::toString);
    }
}
