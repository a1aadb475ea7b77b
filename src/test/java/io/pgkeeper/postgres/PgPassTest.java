package io.pgkeeper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgPassTest {
    @TempDir
    Path tmp;

    private Path file(String content) throws IOException {
        Path f = tmp.resolve("pgpass");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void firstMatchingLineWins() throws IOException {
        Path f = file("# comment\n\ndb1:5432:app:alice:first\n*:*:*:alice:second\n*:*:*:*:third\n");
        assertEquals(Optional.of("first"), PgPass.lookup(f, "db1", 5432, "app", "alice"));
        assertEquals(Optional.of("second"), PgPass.lookup(f, "db2", 5433, "app", "alice"));
        assertEquals(Optional.of("third"), PgPass.lookup(f, "db2", 5433, "app", "bob"));
    }

    @Test
    void noMatchIsEmpty() throws IOException {
        Path f = file("db1:5432:app:alice:pw\n");
        assertEquals(Optional.empty(), PgPass.lookup(f, "db1", 5433, "app", "alice"));
        assertEquals(Optional.empty(), PgPass.lookup(tmp.resolve("missing"), "db1", 5432, "app", "alice"));
    }

    @Test
    void escapedColonsAndBackslashes() throws IOException {
        Path f = file("h\\:x:5432:my\\\\db:alice:pa\\:ss\\\\word\n");
        assertEquals(Optional.of("pa:ss\\word"), PgPass.lookup(f, "h:x", 5432, "my\\db", "alice"));
    }

    @Test
    void wildcardLineRoundTrips() throws IOException {
        String secret = "p:a\\s*s";
        Path f = file(PgPass.wildcardLine(secret));
        assertEquals(Optional.of(secret), PgPass.lookup(f, "anyhost", 1, "anydb", "anyone"));
    }

    @Test
    void localhostMeansTheSocketLikeLibpq() throws IOException {
        Path f = file("localhost:5432:*:alice:socketpw\n");
        assertEquals(Optional.of("socketpw"), PgPass.lookup(f, "/var/run/postgresql", 5432, "app", "alice"));
        assertEquals(Optional.of("socketpw"), PgPass.lookup(f, "localhost", 5432, "app", "alice"));
        assertEquals(Optional.empty(), PgPass.lookup(f, "127.0.0.1", 5432, "app", "alice"));
    }
}
