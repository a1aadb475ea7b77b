package io.pgkeeper.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgkeeper.testing.BuiltPackage;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged completion, typed into real interactive shells in tmux: zsh autoloads
 * _pgkeeper from its fpath (as from /usr/share/zsh/vendor-completions), bash sources the file
 * bash-completion would load. Skipped where tmux or the shell is missing.
 */
class CompletionFilesIT {
    static Path root;
    static Path path;

    @BeforeAll
    static void unpack() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "pgkeeper-completion-");
        BuiltPackage.extractTarball(root);
        path = Shell.pathWithoutMaven();
    }

    @AfterAll
    static void clean() {
        Launcher.deleteQuietly(root);
        Launcher.deleteQuietly(path);
    }

    private static boolean has(String command) {
        return Files.isExecutable(path.resolve(command));
    }

    /** Types each line (ending in a Tab) into a fresh shell and returns the screen. */
    private static String type(String shell, String setup, List<String> keys) throws Exception {
        String socket = "pgkeeper-test-" + ProcessHandle.current().pid();
        Map<String, String> env = Shell.env(path, Map.of("TERM", "xterm"));
        List<String> tmux = List.of("tmux", "-L", socket);
        try {
            run(env, tmux, "new-session", "-d", "-x", "200", "-y", "40", "-s", "t", shell);
            Thread.sleep(500);
            run(env, tmux, "send-keys", "-t", "t", setup, "Enter");
            Thread.sleep(1500);
            for (String k : keys) {
                run(env, tmux, "send-keys", "-t", "t", k, "Tab");
                Thread.sleep(2500);
            }
            return run(env, tmux, "capture-pane", "-p", "-t", "t").out();
        } finally {
            Shell.run(Path.of("/"), env, List.of("tmux", "-L", socket, "kill-server"), Duration.ofSeconds(30));
        }
    }

    private static Cli.Result run(Map<String, String> env, List<String> tmux, String... args) {
        List<String> argv = new ArrayList<>(tmux);
        argv.addAll(List.of(args));
        Cli.Result r = Shell.run(Path.of("/"), env, argv, Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    @Test
    void zshAutoloadsThePackagedFunctionAndCompletesCommandsAndOptions() throws Exception {
        assumeTrue(has("tmux") && has("zsh"), "tmux or zsh is not installed (scripts/test installs zsh as root)");
        String dir = root.resolve("usr/share/zsh/vendor-completions").toString();
        String screen = type("zsh -f", "fpath=(" + dir + " $fpath); autoload -U compinit; compinit -u -D",
                List.of("pgkeeper arc", " pu", " --pol"));
        assertTrue(screen.contains("pgkeeper archive push --policy"), screen);
        assertFalse(screen.contains("not found"), screen);
    }

    /** Debian's zsh looks in the directory the package installs _pgkeeper into, with no setup. */
    @Test
    void zshsDefaultFpathHasTheVendorCompletions() {
        assumeTrue(has("zsh"), "zsh is not installed (scripts/test installs it as root)");
        Cli.Result r = Shell.run(Path.of("/"), Shell.env(path, Map.of()), List.of("zsh", "-c", "print -l $fpath"), Duration.ofSeconds(30));
        assertTrue(r.out().lines().anyMatch("/usr/share/zsh/vendor-completions"::equals), r::toString);
    }

    @Test
    void bashCompletesFromThePackagedScript() throws Exception {
        assumeTrue(has("tmux") && has("bash"), "tmux is not installed");
        String file = root.resolve("usr/share/bash-completion/completions/pgkeeper").toString();
        String screen = type("bash --norc --noprofile -i", "source " + file, List.of("pgkeeper bas", " --clu"));
        assertTrue(screen.replaceAll(" +", " ").contains("pgkeeper basebackup --cluster"), screen);
    }
}
