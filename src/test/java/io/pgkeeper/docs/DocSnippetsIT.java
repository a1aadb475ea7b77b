package io.pgkeeper.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pgkeeper.policy.CronExpressions;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.DocBlocks;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Snippet;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import io.pgkeeper.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every shell snippet of docs/verify.md and docs/operations.md that uses pgkeeper's output runs
 * here, as written, against real backups: a good one, a bad one (a check that fails, exit 3), and
 * a repository with both kinds, where verify's JSON holds several reports.
 */
@ExtendWith(ClusterExtension.class)
class DocSnippetsIT {
    static final Path VERIFY = Path.of("docs/verify.md");
    static final Path OPERATIONS = Path.of("docs/operations.md");
    static TestCluster pg;
    static Path dir;
    static Path good;
    static Path bad;
    static Path both;

    @BeforeAll
    static void start(TestCluster started) throws Exception {
        pg = started;
        dir = Files.createTempDirectory("pgkeeper-snippets-");
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE users(id int)", "INSERT INTO users SELECT generate_series(1, 1000)");
        String checks = "    verify:\n      checks:\n        - name: users are present\n          database: app\n"
                + "          sql: SELECT count(*) FROM users\n          expect: \">= %s\"\n";
        String rest = "    archive:\n      launcher: " + Snippet.launcher(Files.createDirectories(dir.resolve("bin"))) + "\n"
                + "    schedule:\n      dump: \"0 3 * * *\"\n      verify: \"30 4 * * *\"\n"
                + "    objectives:\n      maxBackupAge: 26h\n";
        good = TestPolicy.write(Files.createDirectories(dir.resolve("good")), pg, dir.resolve("repo"), checks.formatted("1000") + rest);
        bad = TestPolicy.write(Files.createDirectories(dir.resolve("bad")), pg, dir.resolve("repo"), checks.formatted("100000") + rest);
        both = TestPolicy.write(Files.createDirectories(dir.resolve("both")), pg, dir.resolve("repo-both"), checks.formatted("1000") + rest);
        assertEquals(0, Cli.run("--policy", good.toString(), "dump").exitCode());
        assertEquals(0, Cli.run("--policy", both.toString(), "dump").exitCode());
        assertEquals(0, Cli.run("--policy", both.toString(), "basebackup").exitCode());
    }

    @AfterAll
    static void stop() {
        Launcher.deleteQuietly(dir);
    }

    private static Snippet snippet(String name, Path policy) throws Exception {
        return new Snippet(Files.createTempDirectory(dir, name + "-"), policy);
    }

    private static String read(Path f) throws Exception {
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Test
    void verifyPagesOnABadBackupOnlyAndSaysWhyFromTheJson() throws Exception {
        String text = DocBlocks.tagged(VERIFY, "verify-page").text();
        Snippet ok = snippet("page-good", both);
        Snippet.Result passed = ok.run("bash", text, dir, Map.of());
        assertEquals(0, passed.exitCode(), passed::toString);
        assertEquals("", passed.out() + read(ok.paged()), "a good backup (both kinds) pages no one and prints nothing");

        Snippet s = snippet("page-bad", bad);
        Snippet.Result r = s.run("bash", text, dir, Map.of());
        String paged = read(s.paged());
        assertTrue(paged.startsWith("backup of main is BAD: backup is bad: checks: "), () -> "paged: " + paged + "\n" + r);
        assertFalse(paged.contains("null"), paged);

        Snippet none = snippet("page-none", dir.resolve("no-such-policy.yaml"));
        Snippet.Result couldNot = none.run("bash", text, dir, Map.of());
        assertTrue(couldNot.out().contains("pgkeeper verify could not run; see "), couldNot::toString);
        assertEquals("", read(none.paged()));
    }

    @Test
    void theCronLinesRunSilentlyWhenAllIsWellAndSayTheExitCodeOtherwise() throws Exception {
        List<String> jobs = Snippet.cronLines(DocBlocks.tagged(VERIFY, "verify-cron").text());
        assertEquals(2, jobs.size(), jobs::toString);
        for (Path policy : List.of(good, bad)) {
            Snippet s = snippet("cron", policy);
            for (String job : jobs) {
                String[] f = job.trim().split("\\s+", 7);
                CronExpressions.parse(String.join(" ", Arrays.copyOfRange(f, 0, 5)));
                assertEquals("root", f[5], job);
                Snippet.Result r = s.run("bash", f[6], dir, Map.of());
                if (policy == bad && job.contains(" verify")) {
                    assertTrue(r.out().contains("FAILED, the backup is bad (exit 3)") && r.out().endsWith("pgkeeper verify exit 3\n"),
                            () -> "cron mails why, and the exit code: " + r);
                } else {
                    assertEquals("", r.out() + r.err(), () -> job + " mails nothing when it works: " + r);
                }
            }
        }
    }

    @Test
    void theGithubActionsStepsReportTheSummaryAndPageOnExit3() throws Exception {
        JsonNode steps = new YAMLMapper().readTree(DocBlocks.tagged(VERIFY, "github-actions").text()).get("jobs").get("verify").get("steps");
        String verify = steps.get(0).get("run").asText();
        String page = steps.get(2).get("run").asText();
        assertEquals("failure() && steps.verify.outputs.exit == '3'", steps.get(2).get("if").asText());
        for (Path policy : List.of(both, bad)) {
            Snippet s = snippet("github", policy);
            Path work = Files.createTempDirectory(dir, "workspace-");
            Path output = work.resolve("github-output");
            Path summary = work.resolve("step-summary");
            Map<String, String> env = Map.of("GITHUB_OUTPUT", output.toString(), "GITHUB_STEP_SUMMARY", summary.toString());
            Snippet.Result r = s.run("bash", "set -eo pipefail\n" + verify, work, env);
            String code = policy == bad ? "3" : "0";
            assertEquals(Integer.parseInt(code), r.exitCode(), r::toString);
            assertEquals("exit=" + code + "\n", read(output));
            JsonNode doc = Json.mapper().readTree(work.resolve("verify.json").toFile());
            assertEquals(doc.get("summary").asText() + "\n", read(summary), "the step summary is the verdict, not null");
            assertTrue(Files.readString(work.resolve("verify-junit.xml")).contains("<testsuite"), "the JUnit report is there");
            if (policy == both) {
                assertTrue(doc.has("reports") && read(summary).contains("logical backup ") && read(summary).contains("physical backup "), doc::toString);
            } else {
                Snippet.Result paged = s.run("bash", "set -eo pipefail\n" + page, work, env);
                assertEquals(0, paged.exitCode(), paged::toString);
                assertEquals("backup proven bad: " + doc.get("summary").asText() + "\n", read(s.paged()));
            }
        }
    }

    @Test
    void theGitlabScriptLeavesTheArtifactsItNames() throws Exception {
        JsonNode job = new YAMLMapper().readTree(DocBlocks.tagged(VERIFY, "gitlab-ci").text()).get("verify-backup");
        Snippet s = snippet("gitlab", good);
        Path work = Files.createTempDirectory(dir, "build-");
        StringBuilder script = new StringBuilder("set -eo pipefail\n");
        job.get("script").forEach(l -> script.append(l.asText()).append('\n'));
        Snippet.Result r = s.run("bash", script.toString(), work, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        for (JsonNode artifact : job.get("artifacts").get("paths")) {
            assertTrue(Files.size(work.resolve(artifact.asText())) > 0, artifact::asText);
        }
        assertTrue(Json.mapper().readTree(work.resolve("verify.json").toFile()).get("ok").asBoolean());
    }

    @Test
    void theCrontabPipeInstallsLinesCronCanRun() throws Exception {
        Snippet s = snippet("crontab", good);
        Snippet.Result r = s.run("bash", DocBlocks.tagged(OPERATIONS, "schedule-crontab").text(), dir, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        String installed = read(s.crontab());
        List<String> jobs = Snippet.cronLines(installed);
        assertEquals(2, jobs.size(), installed);
        for (String job : jobs) {
            String[] f = job.split("\\s+", 6);
            CronExpressions.parse(String.join(" ", Arrays.copyOfRange(f, 0, 5)));
            Snippet.Result dry = s.run("bash", f[5].replace("\\%", "%") + " --dry-run >/dev/null 2>&1 || [ $? -eq 2 ]", dir, Map.of());
            assertEquals(0, dry.exitCode(), () -> "the installed command runs: " + job + "\n" + dry);
        }
    }

    @Test
    void theSystemdSnippetWritesUnitsAndEnablesTheTimers() throws Exception {
        Snippet s = snippet("systemd", good);
        Snippet.Result r = s.run("bash", "set -e\n" + DocBlocks.tagged(OPERATIONS, "schedule-systemd").text(), dir, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        Path units = s.systemctl().getParent().resolve("units");
        assertTrue(Files.readString(units.resolve("pgkeeper-main-dump.service")).contains("\nUser=postgres\n"));
        assertTrue(Files.exists(units.resolve("pgkeeper-main-verify.timer")));
        assertEquals("daemon-reload\nenable --now pgkeeper-main-dump.timer\n", read(s.systemctl()));
        assertTrue(r.out().contains("systemctl enable --now pgkeeper-main-dump.timer pgkeeper-main-verify.timer"), r::toString);
    }

    @Test
    void statusFromCronIsSilentUnlessAnObjectiveIsMissed() throws Exception {
        String line = Snippet.cronLines(DocBlocks.tagged(OPERATIONS, "status-cron").text()).get(0);
        String command = line.split("\\s+", 6)[5];
        Snippet.Result met = snippet("status-met", good).run("bash", command, dir, Map.of());
        assertEquals(0, met.exitCode(), met::toString);
        assertEquals("", met.out() + met.err(), met::toString);
        Path strict = Files.writeString(dir.resolve("strict.yaml"), Files.readString(good).replace("maxBackupAge: 26h", "maxBackupAge: 26h\n      maxVerifyAge: 1h"));
        Snippet.Result missed = snippet("status-missed", strict).run("bash", command, dir, Map.of());
        assertEquals(3, missed.exitCode(), missed::toString);
        assertTrue(missed.out().contains("MISSED: newest passing verify misses maxVerifyAge 1h"), missed::toString);
    }

    @Test
    void completionLoadsInBashAndZsh() throws Exception {
        Snippet s = snippet("completion", good);
        String text = DocBlocks.tagged(OPERATIONS, "completion").text();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")), "zsh is not installed: the zsh line is not run");
        Snippet.Result r = s.run("zsh", text + "whence -w _pgkeeper_dynamic\n", dir, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("_pgkeeper_dynamic: function"), r::toString);
        Process syntax = new ProcessBuilder("bash", "-n", s.paged().getParent().resolve("completion.bash").toString()).redirectErrorStream(true).start();
        String said = new String(syntax.getInputStream().readAllBytes());
        assertEquals(0, syntax.waitFor(), said);
    }
}
