package io.pgkeeper.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * The .deb and the tarball that {@code mvn package} built (failsafe runs after package), read
 * with commons-compress, so that their contents are checked without dpkg.
 */
public final class BuiltPackage {
    private BuiltPackage() {}

    /** One entry of an archive, its path without the leading "./" (the tarball's without its top folder). */
    public record Entry(String path, int mode, String user, String group, boolean directory, boolean symlink, byte[] content) {}

    public static Path buildDir() {
        return Path.of(System.getProperty("pgkeeper.buildDir", "target"));
    }

    /** The project version of the pom, e.g. 0.1.0-SNAPSHOT. */
    public static String mavenVersion() {
        String v = System.getProperty("pgkeeper.version");
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property pgkeeper.version is not set (the pom's failsafe configuration sets it)");
        }
        return v;
    }

    /**
     * The Debian form of a Maven version: "-SNAPSHOT" (a pre-release) becomes "~SNAPSHOT", which
     * Debian sorts before the release itself, and a Debian version has no room for a "-" in a
     * native package. What jdeb's [[version]] does; the tests hold it to that.
     */
    public static String debianVersion(String mavenVersion) {
        return mavenVersion.replaceFirst("-SNAPSHOT$", "~SNAPSHOT");
    }

    public static Path deb() {
        return existing(buildDir().resolve("pgkeeper_" + debianVersion(mavenVersion()) + "_all.deb"));
    }

    public static Path tarball() {
        return existing(buildDir().resolve("pgkeeper-" + mavenVersion() + ".tar.gz"));
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " does not exist: mvn package builds it");
        }
        return p;
    }

    /** The files of the .deb's data.tar, by path. */
    public static Map<String, Entry> debData() {
        return debMember("data.tar");
    }

    /** The .deb's control.tar: control, conffiles, postinst... */
    public static Map<String, Entry> debControl() {
        return debMember("control.tar");
    }

    private static Map<String, Entry> debMember(String prefix) {
        try (ArArchiveInputStream ar = new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(deb())))) {
            ArArchiveEntry e;
            while ((e = ar.getNextArEntry()) != null) {
                if (e.getName().startsWith(prefix)) {
                    return tar(ar, 0);
                }
            }
            throw new IllegalStateException(deb() + " has no " + prefix + " member");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tarball's entries, without its top folder pgkeeper-VERSION/. */
    public static Map<String, Entry> tarballEntries() {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball()))) {
            return tar(in, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Entry> tar(InputStream compressed, int strip) throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        InputStream in;
        try {
            in = new CompressorStreamFactory().createCompressorInputStream(new BufferedInputStream(compressed));
        } catch (CompressorException e) {
            throw new IOException("not a compressed tar", e);
        }
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        while ((e = tar.getNextTarEntry()) != null) {
            String name = e.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
            for (int i = 0; i < strip; i++) {
                int slash = name.indexOf('/');
                name = slash < 0 ? "" : name.substring(slash + 1);
            }
            if (name.isEmpty()) {
                continue;
            }
            byte[] content = e.isFile() ? tar.readAllBytes() : new byte[0];
            out.put(name, new Entry(name, e.getMode() & 07777, e.getUserName(), e.getGroupName(), e.isDirectory(), e.isSymbolicLink(), content));
        }
        return out;
    }

    /** Unpacks the tarball's tree (without its top folder) into {@code root}, modes included. */
    public static Path extractTarball(Path root) {
        try {
            for (Entry e : tarballEntries().values()) {
                Path p = root.resolve(e.path());
                if (e.directory()) {
                    Files.createDirectories(p);
                } else {
                    Files.createDirectories(p.getParent());
                    Files.write(p, e.content());
                }
                Files.setPosixFilePermissions(p, permissions(e.mode()));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    /** The control file's fields (continuation lines of Description folded in). */
    public static Map<String, String> controlFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : new String(debControl().get("control").content(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(" ") && last != null) {
                fields.put(last, fields.get(last) + "\n" + line.substring(1));
            } else if (line.contains(":")) {
                last = line.substring(0, line.indexOf(':'));
                fields.put(last, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return fields;
    }
}
