package io.pgkeeper.spool;

import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An acknowledgement: {@code <system identifier> <archived file name>}, one line, written by the
 * worker only after the push returned, so after the segment is durable under that name. The
 * launcher's shell check reads the same line ({@code archive-spool.bash}).
 */
record Ack(String systemIdentifier, String archivedFile) {
    private static final Pattern LINE = Pattern.compile("([0-9]{1,20}) ([0-9A-Za-z.]+-[0-9a-f]{64}(?:\\.gz|\\.zst)?)\n?");

    byte[] render() {
        return (systemIdentifier + " " + archivedFile + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Written durably: temporary name, fsync, rename, fsync of the directory. */
    void write(Path target) {
        SecureFiles.writeAtomically(target, render());
    }

    /** The acknowledgement in {@code file}, or empty when there is none or it is not one. */
    static Optional<Ack> read(Path file) {
        try {
            if (Files.size(file) > 256) {
                return Optional.empty();
            }
            Matcher m = LINE.matcher(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII));
            return m.matches() ? Optional.of(new Ack(m.group(1), m.group(2))) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // an unreadable acknowledgement proves nothing: the segment is pushed again
            return Optional.empty();
        }
    }
}
