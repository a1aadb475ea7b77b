package io.pgkeeper.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** sha256 of files and of whole backup directories. */
public final class Checksums {
    private Checksums() {}

    public static String sha256(Path file) {
        MessageDigest md = newDigest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(newDigest().digest(data));
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Every regular file below {@code root} (the path relative to {@code base}), sorted, with size and hash. */
    public static List<FileEntry> describe(Path base, Path root) {
        return describe(base, root, List.of());
    }

    /**
     * As {@link #describe(Path, Path)}, taking the hash from {@code known} for a file of the same
     * path and size: entries this run computed moments ago for files it no longer writes to
     * (a dump hashes each database's file when pg_dump ends; reading them again doubles the I/O).
     */
    public static List<FileEntry> describe(Path base, Path root, List<FileEntry> known) {
        Map<String, FileEntry> byPath = new HashMap<>();
        known.forEach(f -> byPath.put(f.path(), f));
        List<FileEntry> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    String rel = base.relativize(p).toString();
                    long size = Files.size(p);
                    FileEntry k = byPath.get(rel);
                    out.add(k != null && k.sizeBytes() == size ? k : new FileEntry(rel, size, sha256(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
