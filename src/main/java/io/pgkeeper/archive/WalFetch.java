package io.pgkeeper.archive;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.repository.storage.Sealed;
import io.pgkeeper.repository.storage.Storage;
import io.pgkeeper.util.SecureFiles;
import io.pgkeeper.util.WideCopy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CheckedInputStream;
import java.util.zip.Checksum;

/**
 * The checked get: recovery receives a WAL file only whole and only with the content its stored
 * name records. "Not archived" (exit 1, the normal end of recovery) is only ever said of a file
 * that is not there; every other failure must stop recovery.
 */
final class WalFetch {
    private final Storage storage;
    private final String clusterKey;
    private final String walDir;
    private final WalIndex index;
    private final SecureFiles files;

    WalFetch(Storage storage, String clusterKey, String walKey, WalIndex index, SecureFiles files) {
        this.storage = storage;
        this.clusterKey = clusterKey;
        this.walDir = storage.describe(walKey);
        this.index = index;
        this.files = files;
    }

    /** Writes the archived file to {@code dest} whole, through a temporary name in the same directory, after checking its sha256. */
    void get(String walName, Path dest) {
        get(walName, dest, Optional.empty());
    }

    /**
     * {@link #get(String, Path)}, and {@code written} (reset first) summed over the bytes written
     * to {@code dest}, in the same pass: the read-ahead queue names an entry with their CRC.
     */
    void get(String walName, Path dest, Optional<Checksum> written) {
        if (WalNames.type(walName).isEmpty()) {
            throw PgKeeperException.usage("'" + walName + "' is not a WAL file name", "restore_command must pass %f %p");
        }
        if (!storage.exists(clusterKey)) {
            // a wrong path or cluster must stop recovery, not end it as if the archive were exhausted
            throw PgKeeperException.failed("there is no archive for this cluster: " + storage.describe(clusterKey) + " does not exist",
                    "check --policy and --cluster in restore_command, and repository.path in the policy");
        }
        Optional<ArchivedFile> found;
        try {
            found = index.find(walName);
        } catch (IOException e) {
            throw storage.failure("listing " + walDir, e, WalPush.DISK_FULL_HINT);
        }
        if (found.isEmpty()) {
            throw new WalArchive.NotArchived(walName);
        }
        ArchivedFile file = found.get();
        InputStream stored;
        try {
            stored = storage.open(index.key(file));
        } catch (NoSuchFileException e) {
            // prune removed it between the listing and the open: as absent as if never archived
            throw new WalArchive.NotArchived(walName);
        } catch (IOException e) {
            throw storage.failure("reading " + file.path(), e, WalPush.DISK_FULL_HINT);
        }
        Path dir = dest.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + dest.getFileName() + ".pgkeeper-" + WalFiles.uniqueSuffix());
        try {
            MessageDigest md = Checksums.newDigest();
            // Only a missing archived file means "not archived"; a missing DEST directory is a hard
            // failure, so the tmp file is opened outside any NoSuchFileException -> NotArchived mapping.
            written.ifPresent(Checksum::reset);
            InputStream digested = new DigestInputStream(file.compression().decompress(stored), md);
            try (InputStream in = written.<InputStream>map(c -> new CheckedInputStream(digested, c)).orElse(digested);
                    OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                WideCopy.copy(in, out);
            }
            files.inheritOwnership(tmp);
            // Encrypted, the name records the ciphertext's sha256 (the plaintext is authenticated chunk by chunk)
            String sha = stored instanceof Sealed sealed ? drained(stored, sealed) : HexFormat.of().formatHex(md.digest());
            if (!sha.equals(file.sha256())) {
                throw PgKeeperException.verification("archived " + walName + " is corrupted: its content has sha256 " + sha + ", its name records "
                        + file.sha256() + " (" + file.path() + ")", "recovery must not continue past this point: restore the file from another copy of the archive");
            }
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            WalFiles.deleteQuietly(tmp);
            throw storage.failure("restoring " + walName + " from " + file.path() + " to " + dest, e, WalPush.DISK_FULL_HINT);
        } catch (UncheckedIOException e) {
            WalFiles.deleteQuietly(tmp);
            throw storage.failure("restoring " + walName + " from " + file.path() + " to " + dest, e.getCause(), WalPush.DISK_FULL_HINT);
        } catch (RuntimeException e) {
            WalFiles.deleteQuietly(tmp);
            throw e;
        } finally {
            try {
                stored.close();
            } catch (IOException ignored) {
                // read-only stream; nothing was lost
            }
        }
    }

    /** The stored sha256 after the rest of the object is read: a decompressor may stop before the end of its input. */
    private static String drained(InputStream stored, Sealed sealed) throws IOException {
        WideCopy.drain(stored);
        return sealed.storedSha256();
    }
}
