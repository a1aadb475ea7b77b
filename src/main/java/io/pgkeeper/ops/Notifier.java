package io.pgkeeper.ops;

import io.pgkeeper.policy.NotifierPolicy;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one run's JSON result to one notifier: a command gets it on stdin (through the
 * ProcessRunner, with the notifier's timeout), a webhook gets it POSTed (the JDK's HttpClient,
 * the same timeout, one retry). Delivery problems are logged and returned, never thrown: a
 * notifier that fails must not change the exit code of the backup it reports on.
 */
public final class Notifier {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final ProcessRunner runner;

    public Notifier(ProcessRunner runner) {
        this.runner = runner;
    }

    /** @return true when delivered */
    public boolean send(NotifierPolicy notifier, byte[] json) {
        try {
            Optional<String> problem = notifier.webhook().isPresent() ? post(notifier, json) : run(notifier, json);
            problem.ifPresent(p -> log.warn("notification failed: {}: {} (the run's own result is unchanged)", notifier.describe(), p));
            return problem.isEmpty();
        } catch (RuntimeException e) {
            log.warn("notification failed: {}: {} (the run's own result is unchanged)", notifier.describe(), e.toString());
            return false;
        }
    }

    private Optional<String> run(NotifierPolicy notifier, byte[] json) {
        Path input = null;
        try {
            // The result goes through a 0600 file rather than a pipe so that the one ProcessRunner,
            // with its timeout and process-tree kill, runs notifiers like every other tool.
            input = Files.createTempFile("pgkeeper-notify-", ".json");
            Files.setPosixFilePermissions(input, SecureFiles.FILE);
            Files.write(input, json);
            String tool = Path.of(notifier.command().get(0)).getFileName().toString();
            ToolResult r = runner.run(ToolCall.of(tool, notifier.command(), Map.of(), notifier.timeout()).withStdin(input));
            if (r.timedOut()) {
                return Optional.of("timed out after " + notifier.timeout().toSeconds() + "s");
            }
            if (!r.ok()) {
                return Optional.of("exited " + r.exitCode() + (r.stderrTail().isEmpty() ? "" : ": " + String.join(" | ", r.stderrTail())));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot write its input: " + e.getMessage());
        } finally {
            if (input != null) {
                try {
                    Files.deleteIfExists(input);
                } catch (IOException ignored) {
                    // a leftover temp file is not worth failing a notification for
                }
            }
        }
    }

    private Optional<String> post(NotifierPolicy notifier, byte[] json) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(notifier.timeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(notifier.webhook().orElseThrow())
                .timeout(notifier.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "pgkeeper")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        String problem = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return Optional.empty();
                }
                problem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
            if (attempt == 1) {
                log.debug("{}: {}; retrying once", notifier.describe(), problem);
            }
        }
        return Optional.of(problem + " (tried twice)");
    }
}
