package io.pgkeeper.archive;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of the WAL archive, stored as {@code <wal name>-<sha256 of its content>[.gz|.zst]}:
 * the checksum in the name lets {@code archive get} prove what it hands to recovery, and lets a
 * re-push be compared without reading the stored file back.
 */
public record ArchivedFile(Path path, String walName, String sha256, Compression compression) {
    private static final Pattern NAME = Pattern.compile("(.+)-([0-9a-f]{64})(\\.gz|\\.zst)?");

    public static Optional<ArchivedFile> of(Path path) {
        Matcher m = NAME.matcher(path.getFileName().toString());
        if (!m.matches() || WalNames.type(m.group(1)).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ArchivedFile(path, m.group(1), m.group(2), Compression.ofSuffix(path.getFileName().toString())));
    }

    public static String fileName(String walName, String sha256, Compression compression) {
        return walName + "-" + sha256 + compression.suffix();
    }
}
