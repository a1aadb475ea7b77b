package io.pgkeeper.restore;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Whether a TCP port is taken on this host: something answers on loopback, or it cannot be bound. */
final class PortCheck {
    private PortCheck() {}

    static boolean inUse(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException nothingThere) {
            // nobody answers on loopback; a listener on another address still makes the bind fail
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as PostgreSQL binds: a socket in TIME_WAIT does not count, a listener does
            s.bind(new InetSocketAddress(port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
