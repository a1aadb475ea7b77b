package io.pgkeeper.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgkeeper.cli.ManPage;
import io.pgkeeper.cli.PgKeeperCommand;
import io.pgkeeper.testing.BuiltPackage;
import io.pgkeeper.testing.BuiltPackage.Entry;
import io.pgkeeper.util.PgKeeperVersion;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/** What mvn package built: the .deb and the tarball, read without dpkg. */
class PackageTreeIT {

    private static String text(Entry e) {
        return new String(e.content(), StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** path -> mode, owner, kind and content hash: what must be equal in the two archives. */
    private static Map<String, String> shape(Map<String, Entry> entries) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (Entry e : entries.values()) {
            out.put(e.path(), String.format("%04o %s:%s %s %s", e.mode(), e.user(), e.group(), e.directory() ? "dir" : e.symlink() ? "link" : "file",
                    e.directory() ? "" : sha256(e.content())));
        }
        return out;
    }

    @Test
    void theDebAndTheTarballHoldTheSameTree() throws Exception {
        assertEquals(shape(BuiltPackage.tarballEntries()), shape(BuiltPackage.debData()));
    }

    @Test
    void theDebianVersionIsTheProjectVersionWithItsSnapshotAsAPreRelease() {
        String maven = BuiltPackage.mavenVersion();
        String debian = BuiltPackage.controlFields().get("Version");
        assertEquals(BuiltPackage.debianVersion(maven), debian);
        assertTrue(debian.matches("[0-9][A-Za-z0-9.+~]*"), "a native Debian version has no '-': " + debian);
        assertEquals("0.1.0~SNAPSHOT", BuiltPackage.debianVersion("0.1.0-SNAPSHOT"));
        assertEquals("1.2.0", BuiltPackage.debianVersion("1.2.0"));
        assertTrue(BuiltPackage.deb().getFileName().toString().equals("pgkeeper_" + debian + "_all.deb"), BuiltPackage.deb()::toString);
    }

    /** dpkg itself sorts the snapshot before its release, so that installing the release upgrades it. */
    @Test
    void dpkgSortsTheSnapshotBeforeItsRelease() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "dpkg is not installed: a Debian or Ubuntu host checks this");
        String debian = BuiltPackage.debianVersion("0.1.0-SNAPSHOT");
        assertEquals(0, new ProcessBuilder("dpkg", "--compare-versions", debian, "lt", "0.1.0").inheritIO().start().waitFor());
        assertEquals(0, new ProcessBuilder("dpkg", "--compare-versions", debian, "gt", "0.0.9").inheritIO().start().waitFor());
    }

    @Test
    void metadataNamesJava17ThePostgresClientToolsAndRecommendsPgbackrest() {
        Map<String, String> f = BuiltPackage.controlFields();
        assertEquals("pgkeeper", f.get("Package"));
        assertEquals("all", f.get("Architecture"));
        List<String> depends = List.of(f.get("Depends").split(",\\s*"));
        assertTrue(depends.contains("default-jre-headless (>= 2:1.17) | java17-runtime-headless"), depends::toString);
        assertTrue(depends.contains("postgresql-client"), depends::toString);
        assertEquals("pgbackrest", f.get("Recommends"));
        assertTrue(f.get("Description").startsWith("backup orchestrator for PostgreSQL"), f.get("Description"));
    }

    @Test
    void theTreeHasTheLauncherJarPagesCompletionUnitsAndPolicyWithTheirModes() throws Exception {
        Map<String, Entry> data = BuiltPackage.debData();
        assertEquals(0755, data.get("usr/bin/pgkeeper").mode());
        assertEquals(Files.readString(Path.of("src/package/usr/bin/pgkeeper")), text(data.get("usr/bin/pgkeeper")));
        assertArrayEquals(Files.readAllBytes(BuiltPackage.buildDir().resolve("pgkeeper.jar")), data.get("usr/share/pgkeeper/pgkeeper.jar").content());
        assertEquals(0755, data.get("usr/share/pgkeeper/cds-archive").mode());
        assertEquals(Files.readString(Path.of("scripts/cds-archive")), text(data.get("usr/share/pgkeeper/cds-archive")));
        for (CommandSpec spec : ManPage.pages(PgKeeperCommand.commandLine().getCommandSpec())) {
            Entry page = data.get("usr/share/man/man1/" + ManPage.pageName(spec) + ".1.gz");
            assertTrue(page != null, () -> "no man page of " + spec.qualifiedName() + " in " + data.keySet());
            assertEquals(new ManPage(spec, PgKeeperVersion.get()).render(),
                    new String(new GZIPInputStream(new ByteArrayInputStream(page.content())).readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(text(data.get("usr/share/bash-completion/completions/pgkeeper")).contains("complete -F _complete_pgkeeper"));
        assertTrue(text(data.get("usr/share/zsh/vendor-completions/_pgkeeper")).startsWith("#compdef pgkeeper"));
        for (String job : List.of("dump", "basebackup", "verify", "prune")) {
            for (String kind : List.of(".service", ".timer")) {
                String unit = "usr/lib/systemd/system/pgkeeper-" + job + "@" + kind;
                assertEquals(Files.readString(Path.of("src/package/" + unit)), text(data.get(unit)), unit);
                assertEquals(0644, data.get(unit).mode(), unit);
            }
        }
        Entry policy = data.get("etc/pgkeeper/pgkeeper.yaml");
        assertEquals(0640, policy.mode(), "the policy is not world-readable");
        assertEquals(Files.readString(Path.of("src/package/etc/pgkeeper/pgkeeper.yaml")), text(policy));
        assertEquals(Files.readString(Path.of("config/pgkeeper.example.yaml")), text(data.get("usr/share/doc/pgkeeper/examples/pgkeeper.example.yaml")));
        assertTrue(data.containsKey("usr/share/doc/pgkeeper/copyright"));
        for (Entry e : data.values()) {
            assertEquals("root:root", e.user() + ":" + e.group(), e.path());
        }
    }

    /** dpkg must not own the repository or the cache: it would remove them with the package. */
    @Test
    void thePolicyIsTheConffileAndTheRepositoryIsNoPackageFile() {
        assertEquals("/etc/pgkeeper/pgkeeper.yaml\n", text(BuiltPackage.debControl().get("conffiles")));
        for (String path : BuiltPackage.debData().keySet()) {
            assertFalse(path.startsWith("var/"), "the package ships " + path + "; postinst makes what it needs under /var");
        }
    }

    @Test
    void theChangelogNamesThisVersionAndEveryGzipIsMaximallyCompressed() throws Exception {
        Map<String, Entry> data = BuiltPackage.debData();
        String changelog = new String(new GZIPInputStream(new ByteArrayInputStream(data.get("usr/share/doc/pgkeeper/changelog.gz").content()))
                .readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(changelog.startsWith("pgkeeper (" + BuiltPackage.controlFields().get("Version") + ") "),
                "the newest changelog entry must be this version (update src/package/usr/share/doc/pgkeeper/changelog):\n" + changelog);
        for (Entry e : data.values()) {
            if (e.path().endsWith(".gz")) {
                assertEquals(2, e.content()[8], e.path() + ": gzip -9 (XFL 2), as Debian wants");
            }
        }
    }

    /** The maintainer scripts never delete the repository: no rm names /var/lib/pgkeeper. */
    @Test
    void maintainerScriptsLeaveTheRepositoryAlone() {
        for (String script : List.of("prerm", "postrm", "postinst")) {
            for (String line : text(BuiltPackage.debControl().get(script)).split("\n")) {
                if (!line.strip().startsWith("#")) {
                    assertFalse(line.contains("/var/lib/pgkeeper") && line.matches(".*\\b(rm|rmdir|chown|chmod|mv)\\b.*"), script + ": " + line);
                }
            }
        }
    }
}
