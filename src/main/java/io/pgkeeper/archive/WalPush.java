package io.pgkeeper.archive;

import io.pgkeeper.archive.WalArchive.PushResult;
import io.pgkeeper.crypto.AgeException;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.repository.storage.PendingObject;
import io.pgkeeper.repository.storage.Storage;
import io.pgkeeper.util.WideCopy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The push protocol: PostgreSQL may forget a WAL file once push exits 0, so push returns only
 * after the file is durable under its final name, and a name never holds two contents. The file
 * is checked (a WAL page header of this archive's cluster), copied and hashed in one pass into a
 * temporary object, and committed under {@code <name>-<sha256>} by a write that never replaces.
 */
final class WalPush {
    static final String DISK_FULL_HINT = "free space on the repository's filesystem; PostgreSQL keeps the WAL and retries";

    private final Storage storage;
    private final String walKey;
    private final String walDir;
    private final WalIndex index;
    private final ArchiveIdentityStore identity;

    WalPush(Storage storage, String walKey, WalIndex index, ArchiveIdentityStore identity) {
        this.storage = storage;
        this.walKey = walKey;
        this.walDir = storage.describe(walKey);
        this.index = index;
        this.identity = identity;
    }

    PushResult push(Path source, Compression compression) {
        String name = source.getFileName().toString();
        Optional<WalNames.Type> type = WalNames.type(name);
        if (type.isEmpty()) {
            throw PgKeeperException.usage(
                    "'" + name + "' is not a WAL file name (24 hex digits, optionally .partial; NNNNNNNN.history; or a .backup file)",
                    "archive_command must pass %p, e.g. archive_command = 'pgkeeper archive push --policy P --cluster C %p'");
        }
        if (!Files.exists(source) || Files.isDirectory(source)) {
            throw PgKeeperException.failed("WAL file " + source + " does not exist or is a directory", "archive_command must pass %p");
        }
        storage.exists(walKey); // names the first directory on the way this user cannot enter
        String doing = "archiving " + name + " into " + walDir;
        // One pass over the source: the header is checked from the same stream that is copied.
        try (InputStream in = Files.newInputStream(source)) {
            byte[] head = new byte[0];
            if (type.get() == WalNames.Type.SEGMENT || type.get() == WalNames.Type.PARTIAL) {
                head = in.readNBytes(WalHeader.LENGTH);
                checkIdentity(head, source, name);
            }
            try (PendingObject tmp = storage.create(walKey, name)) {
                String sha = copyHashing(head, in, tmp.stream(), compression);
                // Encrypted, the name records the ciphertext's sha256: it proves the stored bytes without
                // the key, and a hash of the plaintext would let anyone who reads the archive confirm a guess.
                Optional<String> stored = tmp.storedSha256();
                String nameSha = stored.orElse(sha);
                Optional<ArchivedFile> existing = index.find(name);
                if (existing.isPresent()) {
                    return same(existing.get(), sha, stored.isPresent(), name);
                }
                String target = index.key(ArchivedFile.fileName(name, nameSha, compression));
                if (!tmp.commit(target, false)) {
                    return same(index.find(name).orElseThrow(), sha, stored.isPresent(), name);
                }
                // Two pushes of one name with different content both find nothing and commit different
                // names. Whoever sees the other's file withdraws its own: the name never holds two contents.
                for (ArchivedFile other : index.findAll(name)) {
                    if (!other.sha256().equals(nameSha) && !(stored.isPresent() && samePlaintext(other, sha))) {
                        storage.delete(target);
                        throw refusal(other, name);
                    }
                }
                return new PushResult(index.file(target), false);
            }
        } catch (IOException e) {
            throw storage.failure(doing, e, DISK_FULL_HINT);
        } catch (UncheckedIOException e) {
            throw storage.failure(doing, e.getCause(), DISK_FULL_HINT);
        }
    }

    /** The name is taken: by the same content (done; the earlier push may have died before its directory fsync), or by another. */
    private PushResult same(ArchivedFile existing, String sha, boolean encrypted, String name) throws IOException {
        if (encrypted ? !samePlaintext(existing, sha) : !existing.sha256().equals(sha)) {
            throw refusal(existing, name);
        }
        // the logger is looked up here, not in a static field: starting the logging framework
        // costs archive push ~30 ms, and only this rare case logs (docs/performance.md)
        LoggerFactory.getLogger(WalArchive.class).warn("{} is already archived with identical content; nothing to do", name);
        storage.sync(walKey);
        return new PushResult(existing, true);
    }

    /**
     * Whether an archived file of an encrypted archive holds this plaintext: two encryptions of one
     * segment never share a ciphertext, so only decryption can tell a repeated push from split brain.
     */
    private boolean samePlaintext(ArchivedFile existing, String plaintextSha) throws IOException {
        MessageDigest md = Checksums.newDigest();
        try (InputStream in = new DigestInputStream(existing.compression().decompress(storage.open(index.key(existing))), md)) {
            WideCopy.drain(in);
        } catch (AgeException e) {
            if (e.reason() != AgeException.Reason.KEYS) {
                throw e;
            }
            throw PgKeeperException.failed("the archive already holds " + existing.path().getFileName() + " under the name of this"
                    + " segment, and without the identity this host cannot tell whether it is the same content (an encrypted"
                    + " archive's names hold no hash of the plaintext); nothing was changed", "if the segment was pushed before,"
                    + " set repository.encryption.identityFile on this host so that push can compare; otherwise two servers"
                    + " may be archiving into one repository: investigate before deleting anything", e);
        }
        return HexFormat.of().formatHex(md.digest()).equals(plaintextSha);
    }

    private static PgKeeperException refusal(ArchivedFile existing, String name) {
        return PgKeeperException.failed("refusing to archive " + name + ": the archive already holds a different file under that name ("
                        + existing.path().getFileName() + "); nothing was changed",
                "two servers may be archiving into one repository, or a former primary came back (split brain): "
                        + "give each cluster its own repository entry and investigate before deleting anything");
    }

    /** Copies head then the rest into {@code target} (compressed) and returns the sha256 of the source content. */
    private static String copyHashing(byte[] head, InputStream rest, OutputStream target, Compression compression) throws IOException {
        MessageDigest md = Checksums.newDigest();
        OutputStream out = compression.compress(target);
        md.update(head);
        out.write(head);
        WideCopy.copy(new DigestInputStream(rest, md), out);
        out.close(); // finishes the compressed frame; the object is made durable by its commit
        return HexFormat.of().formatHex(md.digest());
    }

    private void checkIdentity(byte[] head, Path source, String name) {
        if (head.length < WalHeader.LENGTH) {
            throw PgKeeperException.failed(source + " is too short to be a WAL segment (" + head.length + " bytes)",
                    "pass the file PostgreSQL names in %p");
        }
        Optional<WalHeader> h = WalHeader.parse(head);
        if (h.isEmpty()) {
            throw PgKeeperException.failed(source + " does not start with a WAL page header", "pass the file PostgreSQL names in %p");
        }
        String sysid = h.get().systemIdentifierText();
        Optional<ArchiveIdentity> recorded = identity.read();
        if (recorded.isEmpty()) {
            identity.record(new ArchiveIdentity(sysid, h.get().segmentSize()), walDir);
            return;
        }
        if (!recorded.get().systemIdentifier().equals(sysid)) {
            throw PgKeeperException.failed("refusing to archive " + name + ": it was written by the cluster with system identifier "
                            + sysid + ", but this archive (" + walDir + ") belongs to system identifier " + recorded.get().systemIdentifier(),
                    "each cluster needs its own archive: check --cluster in archive_command and the policy's repository");
        }
    }
}
