package io.pgkeeper.repository.storage;

import io.pgkeeper.error.PgKeeperException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An object store in memory, for unit tests of what is built on {@link Storage}: keys and bytes,
 * no directories, no rename; a directory is a key prefix (or a reservation marker), as on S3.
 * Tools write into a local staging directory that {@link #publish} uploads. Every change is
 * recorded in {@link #operations()}, and {@link #failOn} makes one fail, as a full disk would.
 */
public final class RecordingStorage implements Storage {
    private final Path staging;
    private final Clock clock;
    private final TreeMap<String, byte[]> objects = new TreeMap<>();
    private final Map<String, Instant> written = new TreeMap<>();
    private final TreeSet<String> reserved = new TreeSet<>();
    private final List<String> operations = new ArrayList<>();
    private String failing;

    public RecordingStorage(Path staging, Clock clock) {
        this.staging = staging;
        this.clock = clock;
    }

    /** The changes made, in order: {@code put KEY}, {@code commit KEY}, {@code publish DIR}, {@code delete KEY}... */
    public List<String> operations() {
        return List.copyOf(operations);
    }

    public Map<String, byte[]> objects() {
        return Map.copyOf(objects);
    }

    /** The next change whose record starts with {@code operation} fails with "No space left on device". */
    public void failOn(String operation) {
        failing = operation;
    }

    private void record(String op) throws IOException {
        if (failing != null && op.startsWith(failing)) {
            failing = null;
            throw new IOException(op + ": No space left on device");
        }
        operations.add(op);
    }

    private void store(String key, byte[] content) {
        objects.put(key, content);
        written.put(key, clock.instant());
    }

    @Override
    public String describe(String key) {
        return "mem:/" + key;
    }

    @Override
    public boolean exists(String dir) {
        return dir.isEmpty() || reserved.contains(dir) || objects.ceilingKey(dir + "/") != null && objects.ceilingKey(dir + "/").startsWith(dir + "/")
                || reserved.stream().anyMatch(r -> r.startsWith(dir + "/"));
    }

    @Override
    public Optional<StoredEntry> stat(String key) {
        if (objects.containsKey(key)) {
            return Optional.of(new StoredEntry(key, false, objects.get(key).length, written.get(key)));
        }
        return !key.isEmpty() && exists(key) ? Optional.of(new StoredEntry(key, true, 0, Instant.EPOCH)) : Optional.empty();
    }

    @Override
    public List<StoredEntry> list(String dir, String namePrefix) {
        String base = dir.isEmpty() ? "" : dir + "/";
        TreeMap<String, StoredEntry> out = new TreeMap<>();
        for (String key : Stream.concat(objects.keySet().stream(), reserved.stream()).toList()) {
            if (!key.startsWith(base) || key.length() == base.length()) {
                continue;
            }
            String rest = key.substring(base.length());
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            if (name.startsWith(namePrefix)) {
                out.putIfAbsent(base + name, stat(base + name).orElseThrow());
            }
        }
        return new ArrayList<>(out.values());
    }

    @Override
    public List<StoredEntry> walk(String dir) {
        return objects.keySet().stream().filter(k -> k.startsWith(dir + "/")).map(k -> stat(k).orElseThrow()).toList();
    }

    @Override
    public InputStream open(String key) throws IOException {
        byte[] b = objects.get(key);
        if (b == null) {
            throw new NoSuchFileException(describe(key));
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        record("put " + key);
        store(key, content.clone());
    }

    @Override
    public PendingObject create(String dir, String label) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new PendingObject() {
            @Override
            public OutputStream stream() {
                return buffer;
            }

            @Override
            public boolean commit(String key, boolean replace) throws IOException {
                if (!replace && objects.containsKey(key)) {
                    return false;
                }
                record("commit " + key);
                store(key, buffer.toByteArray());
                return true;
            }

            @Override
            public void close() {
                // an upload never completed leaves nothing
            }
        };
    }

    @Override
    public void append(String key, byte[] line) throws IOException {
        record("append " + key);
        byte[] old = objects.getOrDefault(key, new byte[0]);
        byte[] both = new byte[old.length + line.length];
        System.arraycopy(old, 0, both, 0, old.length);
        System.arraycopy(line, 0, both, old.length, line.length);
        store(key, both);
    }

    @Override
    public boolean delete(String key) throws IOException {
        record("delete " + key);
        return objects.remove(key) != null;
    }

    @Override
    public void deleteAll(String dir) throws IOException {
        record("deleteAll " + dir);
        objects.keySet().removeIf(k -> k.startsWith(dir + "/"));
        reserved.removeIf(k -> k.equals(dir) || k.startsWith(dir + "/"));
    }

    @Override
    public boolean reserve(String dir) {
        return !exists(dir) && reserved.add(dir);
    }

    @Override
    public void prepare(String dir) {
        // an object store has no directories to create
    }

    @Override
    public Path stage(String dir) {
        try {
            return Files.createDirectories(staging.resolve(dir));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void publish(String dir) throws IOException {
        record("publish " + dir);
        Path local = staging.resolve(dir);
        try (Stream<Path> walk = Files.walk(local)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                store(dir + "/" + local.relativize(p), Files.readAllBytes(p));
            }
        }
    }

    @Override
    public LocalTree local(String dir, java.util.function.Predicate<String> wanted) throws IOException {
        record("local " + dir);
        Path copy = Files.createTempDirectory(staging, "local-");
        String prefix = dir.isEmpty() ? "" : dir + "/";
        for (Map.Entry<String, byte[]> e : objects.subMap(prefix, prefix + Character.MAX_VALUE).entrySet()) {
            if (!wanted.test(e.getKey().substring(prefix.length()))) {
                continue;
            }
            Path file = copy.resolve(e.getKey().substring(prefix.length()));
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        record("fetched " + dir);
        return new LocalTree() {
            @Override
            public Path dir() {
                return copy;
            }

            @Override
            public void close() {
                try (Stream<Path> walk = Files.walk(copy)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // a test's temporary directory: JUnit removes what is left
                }
            }
        };
    }

    @Override
    public void sync(String dir) throws IOException {
        record("sync " + dir);
    }

    @Override
    public PgKeeperException failure(String doing, IOException e, String diskFullHint) {
        return IoFailures.of(doing, e, diskFullHint);
    }
}
