package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.testing.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast path takes only the plain forms, and answers them exactly as the full CLI does. */
class ArchiveFastPathTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private OptionalInt fast(String... args) {
        return new ArchiveFastPath(new PrintWriter(out, true), new PrintWriter(err, true), CliContext.Host.system()).run(args);
    }

    private static Path policy(Path dir) throws Exception {
        return Files.writeString(dir.resolve("pgkeeper.yaml"), "version: 1\nrepository:\n  path: " + dir.resolve("repo")
                + "\nclusters:\n  main: {}\n");
    }

    @Test
    void versionMatchesTheFullCli() {
        assertEquals(0, fast("--version").getAsInt());
        assertEquals(Cli.run("--version").out(), out.toString());
    }

    @Test
    void anythingElseGoesToTheFullCli() {
        assertTrue(fast("archive", "push", "--json", "x").isEmpty());
        assertTrue(fast("archive", "push", "--help").isEmpty());
        assertTrue(fast("archive", "push", "--engine", "pgbackrest", "x").isEmpty());
        assertTrue(fast("archive", "get", "onlyonearg").isEmpty());
        assertTrue(fast("dump").isEmpty());
        assertTrue(fast("--version", "--json").isEmpty());
        assertEquals("", out.toString() + err.toString());
    }

    @Test
    void pushAndGetBehaveAsTheFullCli(@TempDir Path tmp) throws Exception {
        Path policy = policy(tmp);
        Path history = Files.writeString(tmp.resolve("00000002.history"), "1\t0/3000000\tno recovery target specified\n");
        assertEquals(0, fast("--policy", policy.toString(), "archive", "push", history.toString()).getAsInt());
        assertTrue(Repositories.archive(tmp.resolve("repo/main")).find("00000002.history").isPresent());
        Path dest = tmp.resolve("RECOVERYHISTORY");
        assertEquals(0, fast("archive", "get", "--policy=" + policy, "-q", "00000002.history", dest.toString()).getAsInt());
        assertEquals(Files.readString(history), Files.readString(dest));

        assertEquals(1, fast("--policy", policy.toString(), "archive", "get", "00000003.history", tmp.resolve("x").toString()).getAsInt());
        assertEquals(1, Cli.run("--policy", policy.toString(), "archive", "get", "00000003.history", tmp.resolve("x").toString()).exitCode());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void errorsHaveTheFullCliExitCodesAndMessages(@TempDir Path tmp) throws Exception {
        Path policy = policy(tmp);
        Path notWal = Files.writeString(tmp.resolve("notawal"), "x");
        int pushCode = fast("--policy", policy.toString(), "archive", "push", notWal.toString()).getAsInt();
        Cli.Result full = Cli.run("--policy", policy.toString(), "archive", "push", notWal.toString());
        assertEquals(full.exitCode(), pushCode);
        assertEquals(2, pushCode);
        assertTrue(err.toString().contains("is not a WAL file name"), err::toString);

        int getCode = fast("--policy", policy.toString(), "archive", "get", "../etc", tmp.resolve("y").toString()).getAsInt();
        assertEquals(126, getCode);
        assertEquals(126, Cli.run("--policy", policy.toString(), "archive", "get", "../etc", tmp.resolve("y").toString()).exitCode());

        int missingPolicy = fast("--policy", tmp.resolve("nope.yaml").toString(), "archive", "get", "00000002.history",
                tmp.resolve("z").toString()).getAsInt();
        assertEquals(126, missingPolicy);
    }

    /** The full CLI's spec of {@code archive <command>}, as Main builds it. */
    private static picocli.CommandLine.Model.CommandSpec fullSpec(String command) {
        return PgKeeperCommand.commandLine(CliContext.Host.system()).getSubcommands().get("archive").getSubcommands().get(command)
                .getCommandSpec();
    }

    @Test
    void everyOptionTakenHereIsTheFullCliOptionOfThatNameAndArity() {
        for (String command : ArchiveFastPath.ARGUMENTS.keySet()) {
            picocli.CommandLine.Model.CommandSpec spec = fullSpec(command);
            ArchiveFastPath.OPTIONS.forEach((name, valued) -> {
                picocli.CommandLine.Model.OptionSpec option = spec.findOption(name);
                assertTrue(option != null, () -> "archive " + command + " has no option " + name);
                assertEquals(valued, option.arity().max() > 0, () -> "archive " + command + " " + name + " takes a value: " + !valued);
            });
            assertEquals(ArchiveFastPath.ARGUMENTS.get(command), spec.positionalParameters().size(), "archive " + command + "'s arguments");
        }
    }

    @Test
    void everyOtherOptionOfTheFullCliGoesToTheFullCli() {
        int others = 0;
        for (String command : ArchiveFastPath.ARGUMENTS.keySet()) {
            String[] args = command.equals("push") ? new String[] {"000000010000000000000001"}
                    : new String[] {"000000010000000000000001", "dest"};
            for (picocli.CommandLine.Model.OptionSpec option : fullSpec(command).options()) {
                for (String name : option.names()) {
                    if (ArchiveFastPath.OPTIONS.containsKey(name)) {
                        continue;
                    }
                    others++;
                    String[] withValue = option.arity().max() > 0 ? new String[] {name, "v"} : new String[] {name};
                    java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("archive", command));
                    argv.addAll(java.util.List.of(withValue));
                    argv.addAll(java.util.List.of(args));
                    assertTrue(fast(argv.toArray(String[]::new)).isEmpty(), () -> "the fast path took " + argv);
                    argv.set(2, name + "=v");
                    if (withValue.length == 2) {
                        argv.remove(3);
                    }
                    assertTrue(fast(argv.toArray(String[]::new)).isEmpty(), () -> "the fast path took " + argv);
                }
            }
        }
        // --json, --verbose, --dry-run, --log-format, --help, --version and push's --engine at least
        assertTrue(others >= 9, "options of the full CLI seen: " + others);
        assertEquals("", out.toString() + err.toString());
    }
}
