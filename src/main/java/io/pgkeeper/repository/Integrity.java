package io.pgkeeper.repository;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Compares files on disk with what the manifest recorded. */
public final class Integrity {
    private Integrity() {}

    /** A file that does not match its manifest entry, and how. */
    public record Mismatch(String path, String problem) {
        public String describe() {
            return path + ": " + problem;
        }
    }

    public static List<Mismatch> check(Path backupDir, List<FileEntry> entries) {
        List<Mismatch> out = new ArrayList<>();
        for (FileEntry e : entries) {
            Path p = backupDir.resolve(e.path()).normalize();
            if (!p.startsWith(backupDir.normalize())) {
                out.add(new Mismatch(e.path(), "path escapes the backup directory"));
                continue;
            }
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                out.add(new Mismatch(e.path(), "file is missing"));
                continue;
            }
            try {
                long size = Files.size(p);
                if (size != e.sizeBytes()) {
                    out.add(new Mismatch(e.path(), "size is " + size + " bytes, manifest says " + e.sizeBytes() + " (truncated or altered)"));
                    continue;
                }
                String sha = Checksums.sha256(p);
                if (!sha.equals(e.sha256())) {
                    out.add(new Mismatch(e.path(), "sha256 " + sha + " does not match the manifest's " + e.sha256()));
                }
            } catch (java.io.IOException | java.io.UncheckedIOException ex) {
                out.add(new Mismatch(e.path(), "cannot be read: " + ex.getMessage()));
            }
        }
        return out;
    }
}
