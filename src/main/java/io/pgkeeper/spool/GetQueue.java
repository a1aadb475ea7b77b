package io.pgkeeper.spool;

import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.util.Cksum;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * One read-ahead queue, {@code <spool>/get/<host>:<data directory>} (with {@code %} and {@code /}
 * escaped): restore_command runs in the data directory it recovers, so each recovery on each
 * host has its own. Entries are {@code <wal>-<sha256>.<crc>.<size>} ({@link #fill}): written whole
 * after their content was checked against the archive's name ({@code <wal>-<sha256>}), and named
 * also with the POSIX {@code cksum} CRC and the size of the bytes written, in decimal as
 * {@code cksum} prints them. {@link #serve} checks that CRC and size, as the launcher's shell
 * ({@code archive-spool-get.bash}) does with {@code cksum}, which costs a few
 * milliseconds where a sha256 costs tens, on recovery's critical path. An entry named
 * {@code <wal>-<sha256>} alone (written by an older pgkeeper) is still one, served by Java only,
 * after checking its sha256.
 */
final class GetQueue {
    static final Pattern ENTRY = Pattern.compile("([0-9A-F]{24})-([0-9a-f]{64})(?:\\.([0-9]{1,10}\\.[0-9]{1,20}))?");
    private static final int MAX_KEY = 200;

    private final Path dir;

    GetQueue(Path dir) {
        this.dir = dir;
    }

    /** The queue of this data directory on this host, or empty when its name would be too long for one directory name. */
    static Optional<GetQueue> of(Spool spool, String host, Path cwd) {
        String key = key(host, cwd);
        return key.length() > MAX_KEY ? Optional.empty() : Optional.of(new GetQueue(spool.getDir().resolve(key)));
    }

    static String key(String host, Path cwd) {
        return (host + ":" + cwd).replace("%", "%25").replace("/", "%2F");
    }

    /** The host name as bash's $HOSTNAME has it (gethostname). */
    static String host() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }

    Path dir() {
        return dir;
    }

    /** @param crcAndSize {@code <crc>.<size>} of the bytes written, empty in an older pgkeeper's entry */
    record Entry(Path path, String wal, String sha256, Optional<String> crcAndSize) {}

    /** Every entry, in WAL order; temporary files (dot names) and anything else are not entries. */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*-*")) {
            for (Path p : ds) {
                var m = ENTRY.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(new Entry(p, m.group(1), m.group(2), Optional.ofNullable(m.group(3))));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(java.util.Comparator.comparing(Entry::wal));
        return out;
    }

    /**
     * Puts {@code f} (the archive's file of {@code wal}) in the queue through the checked get,
     * under a dot name (never an entry) until its CRC is known, then renamed to its entry's name.
     */
    void fill(WalArchive archive, String wal, ArchivedFile f) {
        Cksum crc = new Cksum();
        // a name of its own: the worker's fetch and startAtBackupStart's (another process) may overlap
        Path fetched = dir.resolve("." + wal + "-" + f.sha256() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
        try {
            archive.get(wal, fetched, crc);
            Path entry = dir.resolve(wal + "-" + f.sha256() + "." + crc.getValue() + "." + crc.length());
            try {
                Files.move(fetched, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("naming the read-ahead copy of " + wal + " " + entry + ": " + e, e);
            }
        } finally {
            deleteQuietly(fetched);
        }
    }

    /**
     * Moves the entry for {@code wal} to {@code dest} after checking its CRC and size (an older
     * entry's sha256), when the archive still holds that content under that name; false (and
     * nothing at dest) otherwise.
     *
     * @param files gives dest the owner the synchronous get would (run as root)
     */
    boolean serve(String wal, Path dest, WalArchive archive, SecureFiles files) {
        List<Entry> mine = entries().stream().filter(e -> e.wal().equals(wal)).toList();
        if (mine.size() != 1 || !Files.isRegularFile(mine.get(0).path(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Entry e = mine.get(0);
        if (!stored(archive, e)) {
            return false;
        }
        Path abs = dest.toAbsolutePath();
        Path tmp = abs.getParent().resolve("." + abs.getFileName() + ".pgkeeper-" + ProcessHandle.current().pid());
        try {
            try {
                Files.move(e.path(), tmp, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException crossDevice) {
                Files.move(e.path(), tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            // The CRC and size of the bytes the checked get wrote, as the launcher checks them: with
            // repository.encryption the name's sha256 is the ciphertext's, never the copy's.
            String found = e.crcAndSize().isPresent() ? crcAndSize(tmp) : Checksums.sha256(tmp);
            String expected = e.crcAndSize().orElse(e.sha256());
            if (!found.equals(expected)) {
                LoggerFactory.getLogger(GetQueue.class).warn("read-ahead copy of {} is damaged ({} {}, expected {}); reading it from the archive",
                        wal, e.crcAndSize().isPresent() ? "CRC.size" : "sha256", found, expected);
                Files.deleteIfExists(tmp);
                return false;
            }
            files.inheritOwnership(tmp);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException | UncheckedIOException x) {
            deleteQuietly(tmp);
            return false;
        }
    }

    private static String crcAndSize(Path p) throws IOException {
        Cksum crc = new Cksum();
        try (java.io.InputStream in = new java.util.zip.CheckedInputStream(Files.newInputStream(p), crc)) {
            io.pgkeeper.util.WideCopy.drain(in);
        }
        return crc.getValue() + "." + crc.length();
    }

    /**
     * The archive still holds this content under this name (through its index, so an object
     * store's archive answers the same); a listing that fails is as good as absent: the caller
     * then gets the file from the archive, which reports the failure properly.
     */
    private static boolean stored(WalArchive archive, Entry e) {
        try {
            return archive.find(e.wal()).filter(f -> f.sha256().equals(e.sha256())).isPresent();
        } catch (RuntimeException x) {
            return false;
        }
    }

    /** Asks the worker to read ahead from {@code wal}. */
    void request(String wal) {
        SecureFiles.writeAtomically(dir.resolve("next"), (wal + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    Optional<String> requested() {
        try {
            String s = Files.readString(dir.resolve("next"), StandardCharsets.US_ASCII).strip();
            return io.pgkeeper.archive.WalNames.isSegment(s) ? Optional.of(s) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover dot file is never served
        }
    }
}
