package io.pgkeeper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.ConnectionPolicy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import io.pgkeeper.testing.Processes;

/** An unknown host or an unreachable port is named with host, port and the resolver's or the socket's words. */
class ConnectionFailureTest {

    private static PgKeeperException connect(String host, int port) {
        ConnectionPolicy policy = new ConnectionPolicy(Optional.of(host), Optional.of(port), Optional.of("backup"), Optional.of("postgres"),
                Optional.empty(), Optional.empty());
        try (PgAccess access = PgAccess.resolve(policy, Map.of(), Processes.OS, Duration.ofSeconds(3))) {
            return assertThrows(PgKeeperException.class, access::connect);
        }
    }

    @Test
    void anUnknownHostNamesTheHostThePortAndTheResolversMessage() {
        PgKeeperException e = connect("no-such-host.invalid", 5433);
        assertEquals(1, e.exitCode().code());
        assertTrue(e.getMessage().startsWith("cannot connect to no-such-host.invalid:5433 as backup: the host name 'no-such-host.invalid'"
                + " does not resolve ("), e::getMessage);
        assertFalse(e.getMessage().contains("The connection attempt failed"), e::getMessage);
        assertTrue(e.hint().orElse("").contains("connection.host"), () -> e.hint().toString());
    }

    @Test
    void aPortNothingListensOnNamesHostPortAndTheSocketsMessage() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PgKeeperException e = connect("127.0.0.1", port);
        assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1:" + port + " as backup: Connection refused"), e::getMessage);
        assertTrue(e.getMessage().contains("nothing accepts connections on port " + port), e::getMessage);
        assertTrue(e.hint().orElse("").contains("listen_addresses"), () -> e.hint().toString());
    }
}
