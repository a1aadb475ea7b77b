package io.pgkeeper.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;

/**
 * An identity file as {@code age-keygen} writes it: one {@code AGE-SECRET-KEY-1...} per line,
 * {@code #} comments and blank lines ignored. Several identities are allowed (an old key kept
 * for old backups next to a new one). A file that every user may read is refused: it holds the
 * key to every backup, and so is one its group may read.
 */
public final class AgeIdentityFile {
    private AgeIdentityFile() {}

    public static List<AgeIdentity> read(Path file) {
        List<String> lines;
        try {
            var mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.GROUP_READ)) {
                throw keys("the age identity file " + file + " can be read by "
                        + (mode.contains(PosixFilePermission.OTHERS_READ) ? "every user on this host" : "its group"),
                        "chmod 600 " + file + " (age-keygen -o writes it with mode 0600)");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw keys("cannot read the age identity file " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : ": " + e.getMessage()),
                    "set encryption.identityFile to the file age-keygen wrote, readable by this user");
        }
        List<AgeIdentity> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            try {
                out.add(AgeIdentity.parse(l));
            } catch (IllegalArgumentException e) {
                throw keys(file + ":" + (i + 1) + ": the line " + e.getMessage(), "each line holds one AGE-SECRET-KEY-1... key"
                        + " (age-keygen's output), a # comment, or nothing");
            }
        }
        if (out.isEmpty()) {
            throw keys("the age identity file " + file + " holds no identity", "write one with: age-keygen -o " + file);
        }
        return out;
    }

    private static AgeException keys(String message, String hint) {
        return new AgeException(AgeException.Reason.KEYS, message, hint, null);
    }
}
