package io.pgkeeper.util;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import java.util.Set;

/** Who owns a path, for messages that must name the owner and the mode, and the owner lookups that go with them. */
public final class FileOwner {
    private FileOwner() {}

    /** {@code owner root, group root, mode 0700}; or why it cannot be said. */
    public static String describe(Path path) {
        try {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return "owner " + a.owner().getName() + ", group " + a.group().getName() + ", mode " + octal(a.permissions());
        } catch (IOException e) {
            // the caller reports the access failure itself; the owner is a detail we may not see
            return "owner unknown: " + e.getClass().getSimpleName().replace("Exception", "");
        }
    }

    public static Optional<String> owner(Path path) {
        try {
            return Optional.of(Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The OS user of that name, or empty when there is none. */
    public static Optional<UserPrincipal> user(String name) {
        try {
            return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name));
        } catch (UserPrincipalNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot look up OS user " + name, e);
        }
    }

    /** The group of that name, or empty when there is none. */
    public static Optional<java.nio.file.attribute.GroupPrincipal> group(String name) {
        try {
            return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(name));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static String octal(Set<PosixFilePermission> p) {
        int mode = 0;
        for (PosixFilePermission x : p) {
            mode |= 1 << (8 - x.ordinal());
        }
        return String.format("%04o", mode);
    }
}
