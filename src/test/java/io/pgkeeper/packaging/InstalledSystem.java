package io.pgkeeper.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Shell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What {@link PackageInstallIT} does to the machine, in one place: apt-get and dpkg, commands as
 * root or as postgres from / with a PATH without Maven, and snapshots of a directory tree.
 */
final class InstalledSystem {
    final Path path = Shell.pathWithoutMaven();
    final Path slash = Path.of("/");

    Map<String, String> env(Map<String, String> more) {
        return Shell.env(path, more);
    }

    /** A command as root, from /, Maven not on the PATH; fails the test unless it exits 0. */
    Cli.Result ok(String... argv) {
        Cli.Result r = run(Map.of(), argv);
        assertEquals(0, r.exitCode(), () -> String.join(" ", argv) + "\n" + r);
        return r;
    }

    Cli.Result run(Map<String, String> env, String... argv) {
        return Shell.run(slash, env(env), List.of(argv), Duration.ofMinutes(5));
    }

    /** A command as the OS user postgres with exactly {@code env}, as systemd runs a unit with User=postgres. */
    Cli.Result asPostgres(Map<String, String> env, List<String> argv) {
        List<String> all = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", "env", "-i"));
        env(env).forEach((k, v) -> all.add(k + "=" + v));
        all.addAll(argv);
        return Shell.run(slash, env(Map.of()), all, Duration.ofMinutes(5));
    }

    Cli.Result apt(String... args) {
        List<String> argv = new ArrayList<>(List.of("apt-get", "-y", "-q", "--no-install-recommends"));
        argv.addAll(List.of(args));
        Cli.Result r = Shell.run(slash, env(Map.of("DEBIAN_FRONTEND", "noninteractive")), argv, Duration.ofMinutes(10));
        assertEquals(0, r.exitCode(), () -> String.join(" ", argv) + "\n" + r);
        return r;
    }

    /** dpkg's state of pgkeeper: "install ok installed", "deinstall ok config-files", or "" when unknown to dpkg. */
    String packageStatus() {
        Cli.Result r = run(Map.of(), "dpkg-query", "-W", "-f=${Status}", "pgkeeper");
        return r.exitCode() == 0 ? r.out().strip() : "";
    }

    String installedVersion() {
        return ok("dpkg-query", "-W", "-f=${Version}", "pgkeeper").out().strip();
    }

    /**
     * A copy of {@code deb} with another version (and, when {@code policyNote} is not null, that
     * line appended to the shipped /etc/pgkeeper/pgkeeper.yaml): the next release, as far as dpkg
     * can tell. Built with dpkg-deb, since only the version and the conffile change.
     */
    Path rebuilt(Path deb, String version, String policyNote, Path dir) throws IOException {
        Path tree = dir.resolve("tree-" + version);
        ok("dpkg-deb", "-R", deb.toString(), tree.toString());
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        if (policyNote != null) {
            Path policy = tree.resolve("etc/pgkeeper/pgkeeper.yaml");
            Files.writeString(policy, Files.readString(policy) + policyNote + "\n");
            ok("sh", "-c", "cd '" + tree + "' && find . -path ./DEBIAN -prune -o -type f -printf '%P\\n' | sort | xargs md5sum > DEBIAN/md5sums");
        }
        Path out = dir.resolve("pgkeeper_" + version + "_all.deb");
        ok("dpkg-deb", "--root-owner-group", "-b", tree.toString(), out.toString());
        return out;
    }

    /** Every path under {@code root} with its owner, mode and (for files) content hash. */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String hash = a.isRegularFile() ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))) : "";
                out.put(root.relativize(p).toString(), a.owner().getName() + ":" + a.group().getName() + " "
                        + PosixFilePermissions.toString(a.permissions()) + " " + hash);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** "owner:group rwx------" of a path. */
    static String ownerAndMode(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.owner().getName() + ":" + a.group().getName() + " " + PosixFilePermissions.toString(a.permissions());
    }

    /**
     * The command a unit file runs, as systemd would expand it for instance {@code instance}:
     * %i, then ${NAME} (one word) and $NAME (split into words, none when empty) from the unit's
     * Environment= and then the EnvironmentFile's NAME=value lines, which win (read here as root, as
     * systemd reads them before it switches to User=).
     */
    static List<String> execStart(Path unit, String instance, Map<String, String> envOut) throws IOException {
        String exec = null;
        Map<String, String> fromFiles = new LinkedHashMap<>();
        for (String line : Files.readAllLines(unit)) {
            if (line.startsWith("Environment=")) {
                for (String assignment : line.substring("Environment=".length()).split(" ")) {
                    envOut.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
                }
            } else if (line.startsWith("EnvironmentFile=")) {
                // read as root, before the switch to User=; a leading '-' means it may be missing
                Path file = Path.of(line.substring("EnvironmentFile=".length()).replaceFirst("^-", "").replace("%i", instance));
                if (Files.exists(file)) {
                    for (String l : Files.readAllLines(file)) {
                        if (l.contains("=") && !l.startsWith("#")) {
                            fromFiles.put(l.substring(0, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip());
                        }
                    }
                }
            } else if (line.startsWith("ExecStart=")) {
                exec = line.substring("ExecStart=".length());
            }
        }
        envOut.putAll(fromFiles);
        List<String> argv = new ArrayList<>();
        for (String word : exec.replace("%i", instance).split(" ")) {
            if (word.startsWith("${")) {
                argv.add(envOut.getOrDefault(word.substring(2, word.length() - 1), ""));
            } else if (word.startsWith("$")) {
                String v = envOut.getOrDefault(word.substring(1), "");
                if (!v.isBlank()) {
                    argv.addAll(List.of(v.strip().split("\\s+")));
                }
            } else {
                argv.add(word);
            }
        }
        return argv;
    }
}
