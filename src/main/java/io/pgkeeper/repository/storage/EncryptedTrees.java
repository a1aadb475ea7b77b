package io.pgkeeper.repository.storage;

import io.pgkeeper.crypto.AgeException;
import io.pgkeeper.crypto.AgeInputStream;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The trees of an encrypted repository. Publishing encrypts each staged plaintext file into its
 * own object under an opaque random name (file names hold database names), then removes the
 * staged plaintext; {@link #local} decrypts a backup's objects into the state directory,
 * checking each against both sha256s the sealed manifest records.
 */
final class EncryptedTrees {
    private final Storage inner;
    private final AgeKeys keys;
    private final Path stateDir;
    private final SecureFiles files;
    private final SecureRandom random = new SecureRandom();

    EncryptedTrees(Storage inner, AgeKeys keys, Path stateDir, SecureFiles files) {
        this.inner = inner;
        this.keys = keys;
        this.stateDir = stateDir;
        this.files = files;
    }

    /** Where the plaintext of {@code dir} is staged: under the state directory, never in the repository. */
    Path stage(String dir) {
        return stateDir.resolve("stage").resolve(dir);
    }

    Path prepareStage(String dir) {
        try {
            return files.mkdirs(stage(dir), Optional.empty());
        } catch (UncheckedIOException e) {
            throw PgKeeperException.failed("cannot create the staging directory " + stage(dir) + ": " + e.getCause().getMessage(),
                    "repository.stateDir must be a local directory this user can write (outside the repository)");
        }
    }

    /** Encrypts every staged file of {@code dir} into the repository; returns what was stored. */
    List<StoredObject> publish(String dir) throws IOException {
        Path root = stage(dir);
        List<Path> staged;
        try (Stream<Path> s = Files.walk(root)) {
            staged = s.filter(Files::isRegularFile).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<StoredObject> out = new ArrayList<>();
        for (Path file : staged) {
            String name = opaqueName();
            String key = dir + "/" + name;
            try (EncryptedPending pending = new EncryptedPending(inner.create(dir, "object"), keys.encryptor());
                    InputStream in = Files.newInputStream(file)) {
                in.transferTo(pending.stream());
                String storedSha = pending.finish();
                if (!pending.commit(key, false)) {
                    throw new IOException("the random object name " + key + " is taken");
                }
                long storedSize = inner.stat(key).map(StoredEntry::size).orElseThrow(() -> new IOException(key + " vanished after its commit"));
                out.add(new StoredObject(root.relativize(file).toString(), name, storedSize, storedSha, pending.plaintextSize(),
                        pending.plaintextSha256()));
            }
        }
        // each object is durable at its commit; the inner storage's own staging is not used (nothing is staged there)
        inner.sync(dir);
        PosixTrees.deleteAll(root);
        return out;
    }

    void discardStage(String dir) throws IOException {
        PosixTrees.deleteAll(stage(dir));
    }

    /** The backup {@code dir} decrypted into the state directory, every file checked; closing it removes the copy. */
    LocalTree local(String dir, List<StoredObject> objects) throws IOException {
        Path target = files.mkdirs(stateDir.resolve("decrypted").resolve(dir.replace('/', '_') + "-" + opaqueName()), Optional.empty());
        try {
            for (StoredObject o : objects) {
                fetch(dir, o, target);
            }
        } catch (IOException | RuntimeException e) {
            PosixTrees.deleteAll(target);
            throw e;
        }
        return new LocalTree() {
            @Override
            public Path dir() {
                return target;
            }

            @Override
            public void close() {
                try {
                    PosixTrees.deleteAll(target);
                } catch (IOException e) {
                    // what is left is under the state directory, never in the repository; the next run's sweep takes it
                }
            }
        };
    }

    private void fetch(String dir, StoredObject o, Path target) throws IOException {
        Path file = target.resolve(o.path()).normalize();
        if (!file.startsWith(target)) {
            throw PgKeeperException.verification("the manifest of " + inner.describe(dir) + " names a file outside its backup: " + o.path(),
                    "do not trust this backup");
        }
        files.mkdirs(file.getParent(), Optional.empty());
        String key = dir + "/" + o.name();
        try (InputStream stored = inner.open(key); AgeInputStream in = keys.decryptor().open(stored);
                OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Files.setPosixFilePermissions(file, SecureFiles.FILE);
            in.transferTo(out);
            in.close();
            if (!in.ciphertextSha256().equals(o.storedSha256()) || !in.plaintextSha256().equals(o.plaintextSha256())) {
                throw damaged(key, o, "its sha256 differs from the manifest's");
            }
        } catch (AgeException e) {
            if (e.reason() == AgeException.Reason.PAYLOAD || e.reason() == AgeException.Reason.HMAC
                    || e.reason() == AgeException.Reason.HEADER) {
                throw damaged(key, o, e.getMessage());
            }
            throw e;
        }
    }

    private PgKeeperException damaged(String key, StoredObject o, String why) {
        return PgKeeperException.verification(inner.describe(key) + " (" + o.path() + " of the backup) is damaged: " + why,
                "do not trust this backup; restore another (pgkeeper list)");
    }

    String opaqueName() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b) + ".age";
    }
}
