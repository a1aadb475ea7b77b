package io.pgkeeper.spool;

import io.pgkeeper.archive.ArchiveIdentity;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the launcher's shell check ({@code archive-spool.bash}) needs to answer for the policy
 * without loading it: the policy file and cluster it was written for, the sha256 of the policy's
 * bytes and of the environment variables it refers to ({@code ${NAME}}), and the paths that
 * policy resolves to (spool, archive directory, identity file). The shell recomputes both
 * hashes on every call: a policy edited, replaced with an older copy, or read in another
 * environment no longer matches, and the call goes to Java, which loads the policy and writes
 * the binding again. Hashes only, never values: a secret in the environment stays out of the spool.
 *
 * <p>So that the shell need not hash the policy on every call (a fork and exec of sha256sum,
 * milliseconds on a busy host), the binding may be <em>stamped</em>: its file is given the
 * policy file's modification time, to the nanosecond, and says so ({@code policy-mtime}). The
 * shell then takes a policy whose time is exactly the binding's for the bytes hashed here. Only a
 * policy that had not changed for {@link #SETTLED} is stamped, its time read before and after its
 * bytes: the file system's clock ticks coarsely, and an edit in the tick of the hashed write would
 * otherwise keep its time. Any later edit, a copy put back, or another file moved over it has
 * another time, and the shell hashes again (or defers to Java).
 *
 * <p>Every value is one line {@code key value}; a path holding a line break gets no binding
 * (the shell check then always defers to Java).
 */
record Binding(Path policy, String cluster, Path spool, Path walDir, Path identityFile, String policySha256, List<String> envNames,
        String envSha256, Optional<FileTime> policyMtime) {
    static final String HEADER = "pgkeeper-spool 1";
    static final Duration SETTLED = Duration.ofSeconds(3);
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

    /** The binding for this policy file (read now), cluster and archive, in this environment. */
    static Binding of(Path policy, String cluster, Spool spool, Path clusterDir, Map<String, String> env, Instant now) throws IOException {
        BindingStamp.Read read = BindingStamp.read(policy, now);
        byte[] text = read.bytes();
        TreeSet<String> names = new TreeSet<>();
        Matcher m = REFERENCE.matcher(new String(text, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            names.add(m.group(1));
        }
        List<String> sorted = List.copyOf(names);
        return new Binding(policy, cluster, spool.dir(), clusterDir.resolve("wal").toAbsolutePath().normalize(),
                clusterDir.resolve(ArchiveIdentity.FILE_NAME).toAbsolutePath().normalize(), sha256(text), sorted,
                sha256(envBlob(sorted, env).getBytes(StandardCharsets.UTF_8)), read.settled());
    }

    /**
     * The environment as the shell hashes it: {@code NAME=VALUE} for a set variable, {@code NAME}
     * for an unset one, each line ending in a line feed, and one more line feed (bash's here-string).
     */
    static String envBlob(List<String> names, Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            String v = env.get(n);
            sb.append(n).append(v == null ? "" : "=" + v).append('\n');
        }
        return sb.append('\n').toString();
    }

    String render() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        line(sb, "policy", policy.toString());
        line(sb, "cluster", cluster);
        line(sb, "spool", spool.toString());
        line(sb, "wal", walDir.toString());
        line(sb, "identity", identityFile.toString());
        line(sb, "policy-sha256", policySha256);
        line(sb, "env", String.join(" ", envNames));
        line(sb, "env-sha256", envSha256);
        policyMtime.ifPresent(t -> line(sb, "policy-mtime", t.toInstant().toString()));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(' ').append(value).append('\n');
    }

    /** Whether the shell can use it: no value may break the one-line-per-key format. */
    boolean renderable() {
        for (String v : List.of(policy.toString(), cluster, spool.toString(), walDir.toString(), identityFile.toString())) {
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || !v.equals(v.strip())) {
                return false;
            }
        }
        return policy.isAbsolute();
    }

    /**
     * Writes the binding when the spool's differs (atomically; a stamped one gets its time before
     * it takes the binding's name, so that no binding ever claims a time it does not have); removes
     * it when this one cannot be rendered.
     */
    void store(Path file) {
        try {
            if (!renderable()) {
                Files.deleteIfExists(file);
                return;
            }
            byte[] want = render().getBytes(StandardCharsets.UTF_8);
            Optional<byte[]> have = Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
            boolean same = have.isPresent() && java.util.Arrays.equals(have.get(), want)
                    && (policyMtime.isEmpty() || policyMtime.get().equals(Files.getLastModifiedTime(file)));
            if (same) {
                return;
            }
            if (policyMtime.isEmpty()) {
                SecureFiles.writeAtomically(file, want);
                return;
            }
            BindingStamp.write(file, want, policyMtime.get());
        } catch (IOException | java.io.UncheckedIOException e) {
            // without a binding the shell check defers every call to Java, which is slower but as strict
            org.slf4j.LoggerFactory.getLogger(Binding.class).warn("cannot write {}: {}", file, e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        MessageDigest md = Checksums.newDigest();
        return HexFormat.of().formatHex(md.digest(bytes));
    }
}
