package io.pgkeeper.spool;

import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stamp of a binding ({@link Binding}): its file carries the policy file's modification time,
 * to the nanosecond, and a {@code policy-mtime} line says so, which lets the launcher's shell
 * check take the policy's sha256 from the binding instead of hashing the file on every call.
 *
 * <p>The push worker stamps, now and then, a binding that is not (yet) stamped: the foreground
 * call that wrote it may have come within {@link Binding#SETTLED} of an edit of the policy, and
 * with the worker running, later calls are answered by the shell and never write it again. It
 * stamps only after hashing the policy itself and finding the binding's {@code policy-sha256}:
 * the very check the shell would make, made once.
 */
final class BindingStamp {
    private static final String LINE = "policy-mtime ";

    private BindingStamp() {
    }

    /** A policy's bytes, with their time when it had not changed for {@link Binding#SETTLED} (read before and after them). */
    record Read(byte[] bytes, Optional<FileTime> settled) {
    }

    static Read read(Path policy, Instant now) throws IOException {
        FileTime before = Files.getLastModifiedTime(policy);
        byte[] bytes = Files.readAllBytes(policy);
        FileTime after = Files.getLastModifiedTime(policy);
        boolean settled = before.equals(after) && !before.toInstant().isAfter(now.minus(Binding.SETTLED));
        return new Read(bytes, settled ? Optional.of(before) : Optional.empty());
    }

    /** Writes {@code content} to {@code file} by rename from a file already given {@code time}: no binding ever claims a time it has not. */
    static void write(Path file, byte[] content, FileTime time) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".stamped-" + ProcessHandle.current().pid());
        try {
            SecureFiles.writeAtomically(tmp, content);
            Files.setLastModifiedTime(tmp, time);
            // the rename keeps the time; not fsynced after: a binding lost in a crash only sends calls to Java
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Stamps the binding in {@code file} when it is not stamped with the policy's time now and the policy still has its sha256. */
    static void refresh(Path file, Instant now) throws IOException {
        String text;
        FileTime bindingTime;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
            bindingTime = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            return;
        }
        Optional<String> policy = value(text, "policy ");
        Optional<String> sha = value(text, "policy-sha256 ");
        if (!text.startsWith(Binding.HEADER + "\n") || policy.isEmpty() || sha.isEmpty()) {
            return;
        }
        Path policyFile = Path.of(policy.get());
        if (value(text, LINE).isPresent() && bindingTime.equals(Files.getLastModifiedTime(policyFile))) {
            return;
        }
        Read r = read(policyFile, now);
        if (r.settled().isEmpty() || !Binding.sha256(r.bytes()).equals(sha.get())) {
            return;
        }
        String unstamped = text.lines().filter(l -> !l.startsWith(LINE)).map(l -> l + "\n").collect(Collectors.joining());
        write(file, (unstamped + LINE + r.settled().get().toInstant() + "\n").getBytes(StandardCharsets.UTF_8), r.settled().get());
    }

    private static Optional<String> value(String text, String key) {
        return text.lines().filter(l -> l.startsWith(key)).map(l -> l.substring(key.length())).findFirst();
    }
}
