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

    /**
     * The script asks pgkeeper for cluster names and backup ids: run in bash as completion would
     * run it, with the launcher on PATH, a policy of two clusters and a catalog of two backups.
     */
    @Test
    void bashCompletesClusterNamesFromThePolicyAndBackupIdsFromTheCatalog(@TempDir Path tmp) throws Exception {
        Path repo = tmp.resolve("repo");
        Path policy = Files.writeString(tmp.resolve("pgkeeper.yaml"), "version: 1\nrepository:\n  path: " + repo + "\nclusters:\n"
                + "  main:\n    connection: {host: 127.0.0.1}\n  reports:\n    connection: {host: 127.0.0.1}\n");
        io.pgkeeper.repository.Repository r = io.pgkeeper.repository.Repositories.at(repo);
        for (String at : new String[] {"2026-11-20T03:00:00Z", "2026-11-21T03:00:00Z"}) {
            java.time.Instant t = java.time.Instant.parse(at);
            Path dir = r.newBackupDir("main", io.pgkeeper.repository.BackupKind.LOGICAL, t);
            r.manifests().commit(dir, io.pgkeeper.repository.Manifest.builder(dir.getFileName().toString(), "main",
                    io.pgkeeper.repository.BackupKind.LOGICAL).startedAt(t).finishedAt(t.plusSeconds(5)).server("15.0", "1")
                    .versions(new io.pgkeeper.repository.Versions("test", "15.0", java.util.Map.of())).build());
        }
        Path script = Files.writeString(tmp.resolve("pgkeeper.bash"), Cli.run("completion", "bash").out());
        Path launcherDir = io.pgkeeper.testing.Launcher.script().getParent();

        assertEquals("main\nreports", complete(script, launcherDir, "pgkeeper --policy " + policy + " --cluster ''"));
        assertEquals("reports", complete(script, launcherDir, "pgkeeper --policy " + policy + " list --cluster rep"));
        assertEquals("latest\n20261121T030000Z\n20261120T030000Z",
                complete(script, launcherDir, "pgkeeper --policy " + policy + " --cluster main restore --backup ''"));
        assertEquals("20261120T030000Z", complete(script, launcherDir, "pgkeeper --policy " + policy + " --cluster main verify --backup 20261120"));
        assertEquals("--backup", complete(script, launcherDir, "pgkeeper --policy " + policy + " verify --back"), "picocli's own completion stays");
    }

    /** Completes the last word of {@code words} (a bash array literal) and returns COMPREPLY, one per line. */
    private static String complete(Path script, Path pathDir, String words) throws Exception {
        String program = "source " + script + "; COMP_WORDS=(" + words + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
                + " COMP_LINE=\"${COMP_WORDS[*]}\"; _pgkeeper_dynamic; printf '%s\\n' \"${COMPREPLY[@]}\"";
        // stderr apart: outside a real completion, picocli's compopt calls complain there
        Path err = Files.createTempFile("completion", ".err");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", program).redirectError(err.toFile());
        pb.environment().put("PATH", pathDir + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), () -> out + "\n" + readQuietly(err));
        Files.delete(err);
        return out;
    }

    private static String readQuietly(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }
}
