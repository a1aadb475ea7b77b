package io.pgkeeper.cli;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.ops.SystemdUnits;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Writes rendered systemd units into a directory, each whole and atomically, 0644 as systemd expects of unit files. */
final class UnitFiles {
    private UnitFiles() {}

    static List<Path> write(SecureFiles files, Path dir, List<SystemdUnits.Unit> units) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (SystemdUnits.Unit u : units) {
                Path file = dir.resolve(u.fileName());
                // unit files hold no secret (the password stays in the EnvironmentFile), and systemd reads them as any user
                files.write(file, u.content().getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
                written.add(file);
            }
            return written;
        } catch (IOException | UncheckedIOException e) {
            String why = e instanceof UncheckedIOException u ? u.getCause().toString() : e.toString();
            throw PgKeeperException.failed("cannot write the units into " + dir + ": " + why + (written.isEmpty() ? "" : " (written: " + written + ")"),
                    "pass --output a directory this user may write (/etc/systemd/system needs root)");
        }
    }
}
