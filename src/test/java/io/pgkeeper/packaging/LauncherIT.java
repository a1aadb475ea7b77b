package io.pgkeeper.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgkeeper.cli.ManPage;
import io.pgkeeper.cli.PgKeeperCommand;
import io.pgkeeper.testing.BuiltPackage;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.HelpAgreement;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The installed launcher, run from the tarball's tree unpacked under /tmp (the same file as
 * /usr/bin/pgkeeper, which finds everything from its own path), so that no package is installed:
 * from /, with Maven not on the PATH, and with a PGKEEPER_LAUNCHER inherited from elsewhere.
 */
class LauncherIT {
    static Path root;
    static Path noMaven;
    static Path policy;

    @BeforeAll
    static void unpack() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "pgkeeper-tree-");
        BuiltPackage.extractTarball(root);
        noMaven = Shell.pathWithoutMaven();
        policy = Files.writeString(root.resolve("policy.yaml"), "version: 1\nrepository:\n  path: " + root.resolve("repo") + "\nclusters:\n"
                + "  main:\n    connection:\n      host: 127.0.0.1\n    schedule:\n      dump: \"0 3 * * *\"\n");
    }

    @AfterAll
    static void clean() {
        Launcher.deleteQuietly(root);
        Launcher.deleteQuietly(noMaven);
    }

    private static Cli.Result launch(Path launcher, Map<String, String> env, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(launcher.toString()));
        argv.addAll(List.of(args));
        return Shell.run(Path.of("/"), Shell.env(noMaven, env), argv, Duration.ofMinutes(2));
    }

    @Test
    void theMavenlessPathHasNoMaven() {
        Cli.Result r = Shell.sh(Path.of("/"), Shell.env(noMaven, Map.of()), "command -v mvn || echo none; command -v java");
        assertTrue(r.out().startsWith("none\n"), r::toString);
    }

    @Test
    void itRunsTheTreesJarFromSlashWithoutMaven() {
        Cli.Result r = launch(root.resolve("usr/bin/pgkeeper"), Map.of(), "--version");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("pgkeeper " + BuiltPackage.mavenVersion() + "\n", r.out());
    }

    /** What it prints for the server and cron names this launcher, also over an inherited PGKEEPER_LAUNCHER. */
    @Test
    void archiveCommandLineAndScheduleNameTheInstalledLauncher() throws Exception {
        Path launcher = root.resolve("usr/bin/pgkeeper");
        Map<String, String> inherited = Map.of("PGKEEPER_LAUNCHER", "/home/dev/pgkeeper/scripts/pgkeeper");
        Cli.Result lines = launch(launcher, inherited, "--policy", policy.toString(), "archive", "command-line");
        assertEquals(0, lines.exitCode(), lines::toString);
        assertTrue(lines.out().contains("archive_command = '" + launcher + " archive push --policy " + policy + " --cluster main %p'"), lines::toString);
        assertFalse(lines.out().contains("scripts/pgkeeper"), lines::toString);
        Cli.Result cron = launch(launcher, inherited, "--policy", policy.toString(), "schedule");
        assertEquals(0, cron.exitCode(), cron::toString);
        assertTrue(cron.out().contains("0 3 * * * " + launcher + " --policy " + policy + " --cluster main --quiet dump"), cron::toString);
        // through a symbolic link (an operator's /usr/local/bin/pgkeeper): the real path
        Path link = Files.createSymbolicLink(root.resolve("pgkeeper-link"), launcher);
        Cli.Result viaLink = launch(link, Map.of(), "--policy", policy.toString(), "archive", "command-line");
        assertTrue(viaLink.out().contains("archive_command = '" + launcher + " archive push"), viaLink::toString);
    }

    /** The development launcher names itself, and never the installed one it may have inherited. */
    @Test
    void theCheckoutsLauncherNamesItself() throws Exception {
        Path script = Path.of("scripts/pgkeeper").toRealPath();
        Cli.Result r = launch(script, Map.of("PGKEEPER_JAR", BuiltPackage.buildDir().resolve("pgkeeper.jar").toAbsolutePath().toString(),
                "PGKEEPER_LAUNCHER", "/usr/bin/pgkeeper"), "--policy", policy.toString(), "archive", "command-line");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("archive_command = '" + script + " archive push"), r::toString);
    }

    /** The checkout's launcher too: a jar it cannot run stops recovery (126) instead of ending it (1). */
    @Test
    void theCheckoutsLauncherStopsRecoveryWhenItCannotRun() throws Exception {
        Path script = Path.of("scripts/pgkeeper").toRealPath();
        Map<String, String> missing = Map.of("PGKEEPER_JAR", "/nonexistent/pgkeeper.jar");
        Cli.Result get = launch(script, missing, "archive", "get", "000000010000000000000001", "/tmp/x");
        assertEquals(126, get.exitCode(), get::toString);
        assertTrue(get.err().contains("/nonexistent/pgkeeper.jar does not exist"), get::toString);
        Cli.Result list = launch(script, missing, "list");
        assertEquals(1, list.exitCode(), list::toString);
    }

    /** Without the postinst (a tarball), the first run builds the class-data-sharing archive in the background. */
    @Test
    void aFirstRunBuildsTheClassDataSharingArchiveThatLaterRunsMap() throws Exception {
        Path jsa = root.resolve("var/cache/pgkeeper/pgkeeper.jsa");
        launch(root.resolve("usr/bin/pgkeeper"), Map.of(), "--version");
        for (int i = 0; i < 900 && !Files.exists(jsa); i++) {
            Thread.sleep(200);
        }
        assertTrue(Files.exists(jsa), "no " + jsa + " three minutes after a first run");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(jsa)), "readable by the server's OS user");
        // -Xshare:on makes the JVM fail instead of running without an archive it cannot map
        Cli.Result r = launch(root.resolve("usr/bin/pgkeeper"), Map.of("PGKEEPER_JAVA_OPTS", "-Xshare:on"), "--version");
        assertEquals(0, r.exitCode(), r::toString);
    }

    /** Each installed man page, as man shows it, says all that the installed launcher's --help says. */
    @Test
    void theInstalledManPagesAgreeWithTheInstalledHelp() {
        assumeTrue(Files.isExecutable(noMaven.resolve("man")), "man is not installed (apt-get install man-db)");
        for (CommandSpec spec : ManPage.pages(PgKeeperCommand.commandLine().getCommandSpec())) {
            Path page = root.resolve("usr/share/man/man1/" + ManPage.pageName(spec) + ".1.gz");
            Cli.Result man = launch(noMaven.resolve("man"), Map.of("MANWIDTH", "1000"), "--no-hyphenation", "--no-justification", "-l", page.toString());
            assertEquals(0, man.exitCode(), man::toString);
            List<String> args = new java.util.ArrayList<>(List.of(spec.qualifiedName(" ").split(" ")));
            args.remove(0);
            args.add("--help");
            Cli.Result help = launch(root.resolve("usr/bin/pgkeeper"), Map.of(), args.toArray(String[]::new));
            assertEquals(0, help.exitCode(), help::toString);
            String shown = man.out().replaceAll(".\u0008", "");
            assertEquals(List.of(), HelpAgreement.missing(help.out(), shown), () -> page + " as man shows it:\n" + shown);
        }
    }

    /** A tree without its jar: archive get must stop recovery (126), not say "not archived" (1). */
    @Test
    void aBrokenInstallationStopsRecoveryInsteadOfEndingIt() throws Exception {
        Path broken = Files.createTempDirectory(Path.of("/tmp"), "pgkeeper-broken-");
        try {
            Path bin = Files.createDirectories(broken.resolve("usr/bin"));
            Files.copy(root.resolve("usr/bin/pgkeeper"), bin.resolve("pgkeeper"));
            Cli.Result get = launch(bin.resolve("pgkeeper"), Map.of(), "archive", "get", "000000010000000000000001", "/tmp/x");
            assertEquals(126, get.exitCode(), get::toString);
            assertTrue(get.err().contains("reinstall"), get::toString);
            Cli.Result list = launch(bin.resolve("pgkeeper"), Map.of(), "list");
            assertEquals(1, list.exitCode(), list::toString);
        } finally {
            Launcher.deleteQuietly(broken);
        }
    }
}
