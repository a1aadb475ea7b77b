package io.pgkeeper.archive;

import io.pgkeeper.error.PgKeeperException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The timeline history files of an archive, read through {@link WalArchive#get} so that their
 * checksums are proven as recovery would prove them. One that cannot be read is a problem for
 * recovery like a missing one, and is reported as such.
 */
public record ArchiveHistories(Map<Integer, TimelineHistory> histories, List<String> problems) {

    public static ArchiveHistories read(WalArchive archive, List<ArchivedFile> files) {
        Map<Integer, TimelineHistory> out = new HashMap<>();
        List<String> problems = new ArrayList<>();
        List<ArchivedFile> histories = files.stream().filter(f -> WalNames.type(f.walName()).orElse(null) == WalNames.Type.HISTORY).toList();
        if (histories.isEmpty()) {
            return new ArchiveHistories(out, problems);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("pgkeeper-history-");
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot create a temporary directory: " + e.getMessage(), "check TMPDIR", e);
        }
        try {
            for (ArchivedFile f : histories) {
                Path dest = dir.resolve(f.walName());
                try {
                    archive.get(f.walName(), dest);
                    int tli = WalNames.timeline(f.walName());
                    out.put(tli, TimelineHistory.parse(tli, Files.readString(dest, StandardCharsets.UTF_8)));
                } catch (PgKeeperException | IllegalArgumentException | IOException e) {
                    problems.add("timeline history file " + f.walName() + " cannot be used, so recovery cannot follow its timeline: " + e.getMessage());
                }
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ArchiveHistories(out, problems);
    }
}
