package io.pgkeeper.spool;

import io.pgkeeper.archive.ArchiveIdentity;
import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalHeader;
import io.pgkeeper.archive.WalNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Whether an acknowledgement in the spool proves that a WAL file is archived. All of these must
 * hold, and the launcher's shell check ({@code archive-spool.bash}) tests exactly the same:
 * <ol>
 *   <li>the acknowledgement is newer than the WAL file: a file rewritten after it (another server
 *       on the same data directory, a copy put back) is not the one that was pushed;</li>
 *   <li>its system identifier is the archive's ({@code archive-identity.json}) and, for a segment,
 *       the one in the segment's page header: an acknowledgement left by another cluster, or for
 *       another archive, is never trusted;</li>
 *   <li>the archived file it names, {@code <wal>-<sha256>[.gz|.zst]}, is in this archive now: a
 *       repository that was replaced, wiped or restored from an older copy does not hold it.</li>
 * </ol>
 * The timeline is in the WAL name, which keys the acknowledgement.
 */
final class AckCheck {
    private final Spool spool;
    private final WalArchive archive;

    AckCheck(Spool spool, WalArchive archive) {
        this.spool = spool;
        this.archive = archive;
    }

    /** The archived file the acknowledgement of {@code source} names, when it proves the push. */
    Optional<ArchivedFile> proven(Path source) {
        String name = source.getFileName().toString();
        Optional<WalNames.Type> type = WalNames.type(name);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Path ackFile = spool.ack(name);
        try {
            BasicFileAttributes ack = Files.readAttributes(ackFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            BasicFileAttributes wal = Files.readAttributes(source, BasicFileAttributes.class);
            if (!ack.isRegularFile() || ack.lastModifiedTime().compareTo(wal.lastModifiedTime()) <= 0) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        Optional<Ack> a = Ack.read(ackFile);
        if (a.isEmpty()) {
            return Optional.empty();
        }
        Optional<ArchivedFile> file = ArchivedFile.of(Path.of(a.get().archivedFile()));
        if (file.isEmpty() || !file.get().walName().equals(name)) {
            return Optional.empty();
        }
        Optional<ArchiveIdentity> identity = archive.identity();
        if (identity.isEmpty() || !identity.get().systemIdentifier().equals(a.get().systemIdentifier())) {
            return Optional.empty();
        }
        if ((type.get() == WalNames.Type.SEGMENT || type.get() == WalNames.Type.PARTIAL)
                && !headerSystemIdentifier(source).equals(Optional.of(a.get().systemIdentifier()))) {
            return Optional.empty();
        }
        return archive.holding(a.get().archivedFile());
    }

    static Optional<String> headerSystemIdentifier(Path segment) {
        try (InputStream in = Files.newInputStream(segment)) {
            return WalHeader.parse(in.readNBytes(WalHeader.LENGTH)).map(WalHeader::systemIdentifierText);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
