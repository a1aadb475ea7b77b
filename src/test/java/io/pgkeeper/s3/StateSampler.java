package io.pgkeeper.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Walks a local directory (repository.stateDir) each time it is run, while pgkeeper runs beside
 * it (S3Repo.run calls it about every 50 ms): the largest file it ever saw and, when given a
 * marker, every file whose bytes held it. Files that vanish while looked at are skipped.
 */
final class StateSampler implements Runnable {
    private final Path root;
    private final byte[] marker;
    private final List<String> holding = new ArrayList<>();
    private long largest;
    private String largestFile = "(none)";
    private int samples;
    private long bytesSeen;

    StateSampler(Path root, String marker) {
        this.root = root;
        this.marker = marker == null ? null : marker.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void run() {
        samples++;
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                look(p);
            }
        } catch (UncheckedIOException | IOException e) {
            // a directory vanished during the walk (the run removes what it staged): the next sample sees the rest
        }
    }

    private void look(Path p) throws IOException {
        try {
            if (!Files.isRegularFile(p)) {
                return;
            }
            long size = Files.size(p);
            if (size > largest) {
                largest = size;
                largestFile = p.toString();
            }
            if (marker != null) {
                byte[] b = Files.readAllBytes(p);
                bytesSeen += b.length;
                if (io.pgkeeper.encryption.EncryptedRepository.indexOf(b, marker) >= 0) {
                    holding.add(p.toString());
                }
            }
        } catch (NoSuchFileException e) {
            // removed while looked at
        }
    }

    long largest() {
        return largest;
    }

    String largestFile() {
        return largestFile;
    }

    int samples() {
        return samples;
    }

    List<String> holding() {
        return List.copyOf(holding);
    }

    long bytesSeen() {
        return bytesSeen;
    }
}
