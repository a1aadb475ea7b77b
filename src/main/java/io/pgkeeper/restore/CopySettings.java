package io.pgkeeper.restore;

import io.pgkeeper.policy.ConnectionPolicy;
import io.pgkeeper.process.Redactor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What pgkeeper writes into a restored copy, decided before anything is written; pure.
 *
 * <p>The copy block stays: the port, and {@code archive_mode = off} for a side copy, so that a copy
 * promoted on another port never pushes its timeline history into the archive production uses
 * (a later {@code recovery_target_timeline = latest} would follow it). The recovery block goes
 * once recovery has ended.
 *
 * @param logFile the server log of the copy, next to the data directory and never inside it:
 *     a later base backup of the copy must not carry it
 */
public record CopySettings(List<String> copySettings, List<String> recoverySettings, boolean standby, Path logFile, String archiving,
        List<String> warnings) {

    public CopySettings {
        copySettings = List.copyOf(copySettings);
        recoverySettings = List.copyOf(recoverySettings);
        warnings = List.copyOf(warnings);
    }

    public static CopySettings of(PhysicalRestoreRequest req, Path pgdata, String restoreCommand, String cluster, ConnectionPolicy connection) {
        List<String> copy = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        req.port().ifPresent(p -> copy.add("port = " + p));
        String archiving;
        if (req.archive()) {
            archiving = "as the backup's configuration says (archive_mode, archive_command): this copy archives its new timeline,"
                    + " as the primary it replaces did; leave out --archive for a side copy";
        } else {
            copy.add("archive_mode = off");
            archiving = "off (archive_mode = off in postgresql.auto.conf): this copy never writes into the archive of cluster " + cluster
                    + "; pass --archive when the copy replaces the primary";
        }
        List<String> recovery;
        if (req.standby()) {
            String conninfo = req.primaryConninfo().orElseGet(() -> primaryConninfo(connection));
            if (req.primaryConninfo().isEmpty() && connection.passwordEnv().isPresent()) {
                warnings.add("the policy's password comes from " + connection.passwordEnv().get() + ", which pgkeeper never writes into a file:"
                        + " give the replica's OS user a passfile line for the primary, or pass --primary-conninfo with passfile=");
            }
            recovery = RecoverySettings.standby(restoreCommand, conninfo);
        } else {
            recovery = RecoverySettings.lines(restoreCommand, req.target());
        }
        return new CopySettings(copy, recovery, req.standby(), logFile(pgdata), archiving, warnings);
    }

    /** A copy beside the source (not --archive, not a replica): what belongs to the source is not carried over. */
    public boolean sideCopy() {
        return copySettings.contains("archive_mode = off");
    }

    /** The lines as a result may show them: a conninfo password never leaves the data directory. */
    public List<String> shown() {
        List<String> out = new ArrayList<>(copySettings);
        out.addAll(recoverySettings);
        return Redactor.redact(out);
    }

    public static Path logFile(Path pgdata) {
        return pgdata.resolveSibling(pgdata.getFileName() + ".log");
    }

    /** The policy's connection as a replica's primary_conninfo; the password stays in the passfile. */
    static String primaryConninfo(ConnectionPolicy c) {
        List<String> parts = new ArrayList<>();
        c.host().ifPresent(h -> parts.add("host=" + value(h)));
        c.port().ifPresent(p -> parts.add("port=" + p));
        c.user().ifPresent(u -> parts.add("user=" + value(u)));
        c.passfile().ifPresent(f -> parts.add("passfile=" + value(f.toString())));
        parts.add("application_name=pgkeeper_replica");
        return String.join(" ", parts);
    }

    /** A libpq conninfo value: quoted, with backslash escapes, when it holds a space or quote. */
    static String value(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(ch -> ch == ' ' || ch == '\'' || ch == '\\')) {
            return v;
        }
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static Optional<String> portOf(List<String> copySettings) {
        return copySettings.stream().filter(s -> s.startsWith("port = ")).map(s -> s.substring(7)).findFirst();
    }
}
