package io.pgkeeper.recovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A data directory's {@code postmaster.pid}, as PostgreSQL 10 and later write it: the
 * postmaster's pid, its port, its first socket directory and listen address, and its status
 * ({@code starting}, {@code standby}, {@code ready}, {@code stopping}). It tells whether the
 * server runs and whether it accepts connections without connecting to it.
 */
public record PidFile(long pid, int port, Optional<String> socketDir, Optional<String> listenAddress, String status) {
    public static final String FILE = "postmaster.pid";

    /** The postmaster accepts connections (read-only ones during hot standby). */
    public boolean ready() {
        return status.equals("ready");
    }

    public static Optional<PidFile> read(Path pgdata) {
        List<String> lines;
        try {
            lines = Files.readAllLines(pgdata.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // written in several steps by the postmaster; an unreadable moment is "not yet"
            return Optional.empty();
        }
        return parse(lines);
    }

    static Optional<PidFile> parse(List<String> lines) {
        if (lines.size() < 4) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).strip());
            int port = Integer.parseInt(lines.get(3).strip());
            Optional<String> socket = lines.size() > 4 ? Optional.of(lines.get(4).strip()).filter(s -> !s.isEmpty()) : Optional.empty();
            Optional<String> listen = lines.size() > 5 ? Optional.of(lines.get(5).strip()).filter(s -> !s.isEmpty()) : Optional.empty();
            String status = lines.size() > 7 ? lines.get(7).strip() : "starting";
            return Optional.of(new PidFile(pid, port, socket, listen, status));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Where a client reaches it: the socket directory, else the listen address (a wildcard means loopback). */
    public Optional<String> host() {
        if (socketDir.isPresent()) {
            return socketDir;
        }
        return listenAddress.map(a -> a.equals("*") || a.equals("0.0.0.0") ? "127.0.0.1" : a.equals("::") ? "::1" : a);
    }
}
