package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.objectstore.RetryBounds;
import io.pgkeeper.objectstore.S3Settings;
import io.pgkeeper.objectstore.Timeouts;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.policy.PolicyLoader;
import io.pgkeeper.policy.RepositoryPolicy;
import io.pgkeeper.testing.DocBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/storage.md's promises that need no store: its policies load, and its retry and memory numbers are the code's. */
class StorageDocTest {
    static final Path PAGE = Path.of("docs/storage.md");

    @TempDir
    Path tmp;

    @Test
    void everyPolicyOfThePageLoadsAsAnS3Repository() throws IOException {
        int n = 0;
        for (DocBlocks.Block b : DocBlocks.of(PAGE)) {
            if (!b.lang().equals("yaml")) {
                continue;
            }
            Path file = Files.writeString(tmp.resolve("policy-" + b.line() + ".yaml"), b.text());
            Policy p = new PolicyLoader().load(file, Map.of());
            assertEquals(RepositoryPolicy.Type.S3, p.repository().type(), b.where());
            S3Settings settings = Repositories.settings(p.repository().s3().orElseThrow());
            assertTrue(settings.endpoint().toString().startsWith("https://"), b.where());
            n++;
        }
        assertEquals(2, n, "the page shows two policies");
    }

    @Test
    void theRetryAndMemoryNumbersAreTheCodes() throws IOException {
        String page = Files.readString(PAGE).replaceAll("\\s+", " ");
        assertTrue(page.contains("up to " + Repositories.ATTEMPTS + " tries, waiting 0.5 s, doubling up to 30 s"), "retry text");
        assertEquals(Duration.ofMillis(500), Repositories.FIRST_DELAY);
        assertEquals(Duration.ofSeconds(30), Repositories.MAX_DELAY);
        assertTrue(page.contains("`retryFor` (2 minutes by default)"));
        assertTrue(page.contains("(`partSize`, 8MB by default"));
        assertEquals(8L << 20, S3Settings.DEFAULT_PART_SIZE);
        // the default policy's bounds, and one try bounded by retryFor (at least 2 s)
        Path file = Files.writeString(tmp.resolve("p.yaml"), DocBlocks.of(PAGE).stream().filter(b -> b.lang().equals("yaml"))
                .findFirst().orElseThrow().text().replace("    uriStyle: path\n", "    uriStyle: path\n    retryFor: 1s\n"));
        S3Settings s = Repositories.settings(new PolicyLoader().load(file, Map.of()).repository().s3().orElseThrow());
        assertEquals(new RetryBounds(8, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(1)), s.retries());
        assertEquals(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)), s.timeouts());
    }
}
