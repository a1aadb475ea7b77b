package io.pgkeeper.docs;

import io.pgkeeper.testing.DocBlocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Which blocks of the docs the tests hold to the program, by tag; DocsTest makes sure none is left out. */
final class DocsCoverage {
    /** Every {@code <!-- json-shape: NAME -->} in docs/, each compared with real output by DocsJsonIT. */
    static final Set<String> JSON_SHAPES = Set.of("verify-one", "verify-several", "check", "status", "run-error", "archive-get",
            "archive-check", "prune", "dump-prune", "restore-point-in-time");

    /** Every {@code <!-- snippet: NAME -->} in docs/verify.md and docs/operations.md, each run by DocSnippetsIT. */
    static final Set<String> SNIPPETS = Set.of("verify-cron", "verify-page", "github-actions", "gitlab-ci", "schedule-crontab",
            "schedule-systemd", "status-cron", "completion");

    /** The pages whose shell snippets must run when they use pgkeeper's output. */
    static final List<Path> SNIPPET_PAGES = List.of(Path.of("docs/verify.md"), Path.of("docs/operations.md"));

    /** A block that feeds pgkeeper's output or exit status to something: jq, $?, a pipe, a file, a command substitution. */
    static final Pattern USES_OUTPUT = Pattern.compile("jq |\\$\\?|\\| *[a-z]|\\$\\(pgkeeper|pgkeeper[^\\n]*> ");

    private DocsCoverage() {}

    /** docs/*.md, without the generated docs/cli.md. */
    static List<Path> pages() {
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            return s.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("cli.md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<DocBlocks.Block> blocks() {
        return pages().stream().flatMap(p -> DocBlocks.of(p).stream()).toList();
    }
}
