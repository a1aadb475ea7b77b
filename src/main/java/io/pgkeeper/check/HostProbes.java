package io.pgkeeper.check;

import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.util.FileOwner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What this host must offer: room for the next backups, and verify's sandbox user. */
final class HostProbes {
    private HostProbes() {}

    static void space(CheckContext cc, List<Finding> out) {
        Path existing = cc.ctx().repository().root().toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        Map<BackupKind, Long> newest = new EnumMap<>(BackupKind.class);
        for (Backup b : cc.completed()) {
            newest.put(b.manifest().kind(), b.manifest().sizeBytes()); // oldest first: the last one stays
        }
        long need = newest.values().stream().mapToLong(Long::longValue).sum();
        try {
            long free = Files.getFileStore(existing).getUsableSpace();
            String have = human(free) + " free in " + existing;
            if (need == 0) {
                out.add(Finding.ok("free space", have + " (no backup yet to compare with)"));
            } else if (free < need) {
                out.add(Finding.fail("free space", have + ", less than the newest backups take (" + human(need) + ")",
                        "free space there, or tighten retention and run pgkeeper prune"));
            } else if (free < 2 * need) {
                out.add(Finding.warn("free space", have + ", less than twice the newest backups (" + human(need) + ")",
                        "free space before the next backups fill it"));
            } else {
                out.add(Finding.ok("free space", have + "; the newest backups take " + human(need)));
            }
        } catch (IOException e) {
            out.add(Finding.warn("free space", "cannot read the free space of " + existing + ": " + e.getMessage(), "check the path"));
        }
    }

    static void sandboxUser(CheckContext cc, List<Finding> out) {
        String user = cc.ctx().cluster().verify().sandbox().osUser();
        if (!cc.ctx().os().root()) {
            out.add(Finding.ok("sandbox user", "verify's sandbox runs as " + cc.ctx().os().name() + " (pgkeeper is not root)"));
            return;
        }
        if (FileOwner.user(user).isPresent()) {
            out.add(Finding.ok("sandbox user", "OS user " + user + " exists"));
        } else {
            out.add(Finding.fail("sandbox user", "OS user " + user + " (verify.sandbox.osUser) does not exist",
                    "create it (useradd --system " + user + ") or set verify.sandbox.osUser to an unprivileged user that exists"));
        }
    }

    private static String human(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
