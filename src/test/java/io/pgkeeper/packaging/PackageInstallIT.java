package io.pgkeeper.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgkeeper.testing.BuiltPackage;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.OsUser;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The .deb on this machine, as an operator uses it: apt-get install, edit the policy, point the
 * server's archive_command at /usr/bin/pgkeeper as 'archive command-line' prints it, run the
 * packaged dump unit's command as postgres, restore as root, upgrade twice (the edited policy
 * stays), then remove and purge: the backups stay, byte for byte, and still restore.
 * Every command runs from / with a PATH that has no Maven. It changes the machine, so it runs
 * only as root with dpkg and apt-get, never over an installed pgkeeper or an existing
 * /var/lib/pgkeeper or /etc/pgkeeper, and purges what it installed at the end, on failure too.
 */
class PackageInstallIT {
    static final Path REPO = Path.of("/var/lib/pgkeeper");
    static final Path POLICY = Path.of("/etc/pgkeeper/pgkeeper.yaml");
    static final Pattern ARCHIVE_COMMAND = Pattern.compile("(?m)^archive_command = '(.*)'$");

    /**
     * The package, /var/lib/pgkeeper and /etc/pgkeeper belong to the machine, not to the build:
     * two builds on one machine (parallel worktrees) would install over each other and one's
     * restore would write into the other's repository. They take turns on this lock instead.
     */
    static final Path MACHINE_LOCK = Path.of("/tmp/pgkeeper-package-install-it.lock");

    @Test
    void installUseUpgradeAndRemoveWithoutLosingABackup() throws Exception {
        assumeTrue(OsUser.isRoot(), "not root: installing a package needs root");
        try (FileChannel lockFile = FileChannel.open(MACHINE_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock turn = lockFile.lock()) {
            installUseUpgradeAndRemove();
        }
    }

    private void installUseUpgradeAndRemove() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")) && Files.isExecutable(Path.of("/usr/bin/apt-get")),
                "no dpkg or apt-get: not a Debian or Ubuntu machine");
        InstalledSystem sys = new InstalledSystem();
        assumeTrue(sys.packageStatus().isEmpty(), "pgkeeper is already known to dpkg here (" + sys.packageStatus() + "); the test would replace it");
        assumeTrue(!Files.exists(REPO) && !Files.exists(POLICY.getParent()), REPO + " or /etc/pgkeeper exists: the test would mix with them");
        Path work = Files.createTempDirectory(Path.of("/tmp"), "pgkeeper-install-");
        Files.setPosixFilePermissions(work, BuiltPackage.permissions(0755));
        try (TestCluster pg = TestCluster.start(Map.of("wal_level", "replica", "archive_mode", "on", "archive_command", "''"))) {
            Path deb = Files.copy(BuiltPackage.deb(), work.resolve(BuiltPackage.deb().getFileName()));
            String version = BuiltPackage.controlFields().get("Version");

            // 1. install, as the README says
            sys.apt("install", deb.toString());
            assertEquals("install ok installed", sys.packageStatus());
            assertEquals("postgres:postgres rwx------", InstalledSystem.ownerAndMode(REPO));
            assertEquals("root:postgres rw-r-----", InstalledSystem.ownerAndMode(POLICY));
            Path jsa = Path.of("/var/cache/pgkeeper/pgkeeper.jsa");
            assertTrue(Files.exists(jsa) && Files.getLastModifiedTime(jsa).compareTo(
                    Files.getLastModifiedTime(Path.of("/usr/share/pgkeeper/pgkeeper.jar"))) > 0, "postinst built the CDS archive");
            assertEquals("pgkeeper " + BuiltPackage.mavenVersion() + "\n", sys.ok("/usr/bin/pgkeeper", "--version").out());
            assertEquals("pgkeeper " + BuiltPackage.mavenVersion() + "\n",
                    sys.run(Map.of("PGKEEPER_JAVA_OPTS", "-Xshare:on"), "/usr/bin/pgkeeper", "--version").out(), "the CDS archive maps");
            // a JVM installed or upgraded under /usr/lib/jvm triggers a new archive for it
            Files.delete(jsa);
            sys.ok("dpkg-trigger", "--no-await", "/usr/lib/jvm");
            sys.ok("dpkg", "--triggers-only", "--pending");
            assertTrue(Files.exists(jsa), "the /usr/lib/jvm trigger rebuilt " + jsa);
            if (Files.isExecutable(sys.path.resolve("man"))) {
                assertTrue(sys.ok("man", "-w", "pgkeeper-archive-push").out().startsWith("/usr/share/man/man1/pgkeeper-archive-push.1"));
                assertTrue(sys.run(Map.of("MANWIDTH", "100"), "man", "pgkeeper").out().contains("EXIT STATUS"), "man pgkeeper shows the page");
            }
            if (Files.isExecutable(sys.path.resolve("systemd-analyze"))) {
                for (String unit : List.of("dump", "basebackup", "verify", "prune")) {
                    sys.ok("systemd-analyze", "verify", "pgkeeper-" + unit + "@main.service", "pgkeeper-" + unit + "@main.timer");
                }
            }

            // 2. the operator points the shipped policy at this server
            String policy = Files.readString(POLICY).replace("host: /var/run/postgresql", "host: 127.0.0.1")
                    .replace("port: 5432", "port: " + pg.port());
            assertTrue(policy.contains("port: " + pg.port()), policy);
            Files.writeString(POLICY, policy);
            pg.execute("postgres", "CREATE DATABASE shop");
            pg.execute("shop", "CREATE TABLE items (id int PRIMARY KEY, name text)",
                    "INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 5000) i");

            // 3. archive_command exactly as printed, run by the server as postgres
            Matcher m = ARCHIVE_COMMAND.matcher(sys.ok("/usr/bin/pgkeeper", "archive", "command-line").out());
            assertTrue(m.find());
            assertEquals("/usr/bin/pgkeeper archive push --policy /etc/pgkeeper/pgkeeper.yaml --cluster main %p", m.group(1));
            assertTrue(sys.run(Map.of(), "/usr/bin/pgkeeper", "check").out().contains(m.group(1)), "check suggests the same line");
            pg.execute("postgres", "ALTER SYSTEM SET archive_command = '" + m.group(1) + "'", "SELECT pg_reload_conf()");
            String segment = pg.switchWalAndWaitArchived();
            assertTrue(walArchived(segment), segment + " is not in " + REPO.resolve("main/wal"));

            // 4. the dump unit's command, as systemd runs it: User=postgres, its Environment= and EnvironmentFile=
            Files.writeString(Path.of("/etc/pgkeeper/main.env"), "PGKEEPER_DUMP_ARGS=--database shop\n");
            Map<String, String> unitEnv = new LinkedHashMap<>();
            List<String> dump = InstalledSystem.execStart(Path.of("/usr/lib/systemd/system/pgkeeper-dump@.service"), "main", unitEnv);
            assertEquals("--database", dump.get(dump.size() - 2), "the EnvironmentFile's PGKEEPER_DUMP_ARGS: " + dump);
            Cli.Result dumped = sys.asPostgres(unitEnv, dump);
            assertEquals(0, dumped.exitCode(), () -> dump + "\n" + dumped);
            assertTrue(sys.ok("/usr/bin/pgkeeper", "list").out().contains("logical"), "the dump is listed");

            // 5. restore as root at a shell, and compare
            sys.ok("/usr/bin/pgkeeper", "restore", "--backup", "latest", "--database", "shop", "--into", "shop_restored");
            assertEquals(digest(pg, "shop"), digest(pg, "shop_restored"));

            // 6. upgrades keep the edited policy: the same conffile, then a changed one (kept, the new one beside it)
            sys.apt("install", sys.rebuilt(deb, version + "+upgrade1", null, work).toString());
            assertEquals(version + "+upgrade1", sys.installedVersion());
            assertEquals(policy, Files.readString(POLICY), "an upgrade replaced the edited policy");
            sys.apt("-o", "Dpkg::Options::=--force-confold", "install", sys.rebuilt(deb, version + "+upgrade2", "# changed", work).toString());
            assertEquals(version + "+upgrade2", sys.installedVersion());
            assertEquals(policy, Files.readString(POLICY), "an upgrade replaced the edited policy");
            assertTrue(Files.readString(Path.of(POLICY + ".dpkg-dist")).endsWith("# changed\n"), "the new default is kept beside it");
            assertEquals("root:postgres rw-r-----", InstalledSystem.ownerAndMode(POLICY));
            assertTrue(walArchived(pg.switchWalAndWaitArchived()), "archiving goes on after the upgrades");

            // 7. remove, then purge: the repository stays as it was, byte for byte
            pg.execute("postgres", "ALTER SYSTEM SET archive_command = ''", "SELECT pg_reload_conf()");
            Map<String, String> before = InstalledSystem.snapshot(REPO);
            Path keptPolicy = Files.writeString(work.resolve("pgkeeper.yaml"), policy);
            sys.apt("remove", "pgkeeper");
            assertFalse(Files.exists(Path.of("/usr/bin/pgkeeper")));
            assertEquals(before, InstalledSystem.snapshot(REPO), "apt-get remove changed the repository");
            sys.apt("purge", "pgkeeper");
            assertEquals("", sys.packageStatus());
            assertFalse(Files.exists(POLICY), "purge removes the conffile");
            assertEquals(before, InstalledSystem.snapshot(REPO), "apt-get purge changed the repository");
            assertEquals(1, sys.run(Map.of(), "dpkg-statoverride", "--list", POLICY.toString()).exitCode(), "purge drops the statoverride");

            // 8. and the backups still restore, with the jar of the build
            Launcher.readable(keptPolicy);
            Cli.Result again = sys.run(Map.of(), "java", "-jar", BuiltPackage.buildDir().resolve("pgkeeper.jar").toAbsolutePath().toString(),
                    "--policy", keptPolicy.toString(), "restore", "--backup", "latest", "--database", "shop", "--into", "shop_after_purge");
            assertEquals(0, again.exitCode(), again::toString);
            assertEquals(digest(pg, "shop"), digest(pg, "shop_after_purge"));
        } finally {
            if (!sys.packageStatus().isEmpty()) {
                sys.run(Map.of(), "dpkg", "--purge", "pgkeeper");
            }
            sys.run(Map.of(), "rm", "-rf", REPO.toString(), "/etc/pgkeeper", "/var/cache/pgkeeper");
            Launcher.deleteQuietly(work);
            Launcher.deleteQuietly(sys.path);
        }
    }

    private static boolean walArchived(String segment) throws Exception {
        try (var s = Files.list(REPO.resolve("main/wal"))) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(segment + "-"));
        }
    }

    private static String digest(TestCluster pg, String db) {
        return pg.queryString(db, "SELECT count(*) || ':' || md5(string_agg(id || '=' || name, ',' ORDER BY id)) FROM items");
    }
}
