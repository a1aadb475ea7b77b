package io.pgkeeper.postgres;

import io.pgkeeper.error.PgKeeperException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * pgJDBC says only "The connection attempt failed." when the host name does not resolve or the
 * port does not answer; the cause it wraps has the resolver's or the socket's own words. This
 * names the host, the port and those words.
 */
final class NetworkFailure {
    private NetworkFailure() {}

    static Optional<PgKeeperException> of(SQLException e, String host, int port, String user) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (t instanceof UnknownHostException) {
                // Java's message is "<host>: Name or service not known", the resolver's text after the name
                String resolver = why.startsWith(host + ": ") ? why.substring(host.length() + 2) : why;
                return Optional.of(PgKeeperException.failed("cannot connect to " + host + ":" + port + " as " + user + ": the host name '" + host
                        + "' does not resolve (" + resolver + ")", "check connection.host in the policy (or PGHOST), and DNS or /etc/hosts", e));
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return Optional.of(PgKeeperException.failed("cannot connect to " + host + ":" + port + " as " + user + ": " + why
                        + " (nothing accepts connections on port " + port + " there)", "is the server running, and listening on " + host + ":"
                        + port + " (listen_addresses, port)? check connection.host and connection.port, and any firewall", e));
            }
            if (t instanceof SocketTimeoutException) {
                return Optional.of(PgKeeperException.failed("cannot connect to " + host + ":" + port + " as " + user + ": no answer ("
                        + why + ")", "a firewall may drop the packets; check connection.host, connection.port and timeouts.connect", e));
            }
        }
        return Optional.empty();
    }
}
