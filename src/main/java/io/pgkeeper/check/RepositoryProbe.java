package io.pgkeeper.check;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.process.ShellQuote;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.RepositoryOwnership;
import io.pgkeeper.util.FileOwner;
import io.pgkeeper.util.OsIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The repository against the ownership rule: it exists and this user can read it; it is private
 * (0700 directories, 0600 files); everything belongs to the server's OS user, who runs
 * archive_command; and both that user and this one can do there what they must, tested as them.
 */
final class RepositoryProbe {
    /** Bounds the walk on huge repositories; what is seen is reported as such. */
    static final int MAX_ENTRIES_CHECKED = 20_000;

    private RepositoryProbe() {}

    static void run(CheckContext cc, List<Finding> out) {
        Repository repo = cc.ctx().repository();
        Path root = repo.root().toAbsolutePath().normalize();
        OsIdentity os = cc.ctx().os();
        String me = os.name();
        String server = cc.serverUser();
        boolean serverHere = FileOwner.user(server).isPresent();
        boolean exists;
        try {
            exists = repo.exists(root);
        } catch (PgKeeperException e) {
            out.add(Finding.fail("repository", e.getMessage(), e.hint().orElse(null)));
            return;
        }
        // archive_command runs as the server's user; with private directories only it and root can share them
        String owner = serverHere && (os.root() || me.equals(server) || cc.physical()) ? server : me;
        if (!os.root() && !me.equals(owner)) {
            out.add(Finding.fail("repository user", "pgkeeper runs as " + me + ", but archive_command runs as " + owner
                    + ": with the repository's 0700 directories they cannot both write there",
                    "run pgkeeper as " + owner + " or as root (docs/operations.md, repository ownership)"));
        }
        if (!exists) {
            out.add(Finding.warn("repository", root + " does not exist yet",
                    "the first dump or basebackup creates it (0700" + (os.root() ? ", owned by " + owner : "") + "); or create it now"));
        } else {
            walk(cc, root, owner, out);
        }
        access(cc, root, owner, serverHere && !owner.equals(me), out);
    }

    private static void walk(CheckContext cc, Path root, String owner, List<Finding> out) {
        List<String> open = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        int[] seen = {0};
        try (Stream<Path> walk = Files.walk(root)) {
            walk.limit(MAX_ENTRIES_CHECKED).forEach(p -> {
                seen[0]++;
                try {
                    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    boolean others = a.permissions().stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"));
                    if (others && !a.isSymbolicLink() && !p.equals(root)) {
                        open.add(p + " (" + FileOwner.octal(a.permissions()) + ")");
                    }
                    if (!a.owner().getName().equals(owner)) {
                        foreign.add(p + " (owner " + a.owner().getName() + ")");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            String why = e instanceof UncheckedIOException u ? u.getCause().toString() : e.toString();
            out.add(Finding.fail("repository", "cannot read all of " + root + " as " + cc.ctx().os().name() + ": " + why,
                    RepositoryOwnership.rule(root, Optional.of(owner))));
            return;
        }
        out.add(Finding.ok("repository", root + " (" + FileOwner.describe(root) + ")"));
        out.add(open.isEmpty() ? Finding.ok("repository permissions", "0700 directories, 0600 files (" + seen[0] + " entries checked)")
                : Finding.fail("repository permissions", open.size() + " entries readable by group or others, e.g. " + open.get(0),
                        "chmod -R go-rwx " + ShellQuote.quote(root.toString()), open.subList(0, Math.min(5, open.size())).toArray(new String[0])));
        if (foreign.isEmpty()) {
            out.add(Finding.ok("repository owner", "every entry belongs to " + owner + " (" + seen[0] + " checked)"));
        } else {
            out.add(Finding.failOrWarn(cc.physical(), "repository owner", foreign.size() + " entries do not belong to " + owner + ", e.g. "
                    + foreign.get(0), "as root: chown -R " + owner + " " + ShellQuote.quote(root.toString())
                    + " (the repository belongs to the server's OS user, who runs archive_command)",
                    foreign.subList(0, Math.min(5, foreign.size())).toArray(new String[0])));
        }
    }

    /** What archive push (as the server's user) and the backups (as this user) must be able to do, tested as each. */
    private static void access(CheckContext cc, Path root, String server, boolean testServer, List<Finding> out) {
        Path clusterDir = cc.ctx().repository().clusterDir(cc.cluster()).toAbsolutePath().normalize();
        OsIdentity os = cc.ctx().os();
        List<AccessTest.Need> paths = new ArrayList<>();
        // root creates a missing repository for the server's user, who then needs only to pass through
        if (!Files.exists(root)) {
            paths.add(new AccessTest.Need(nearestExisting(root), os.root() ? "x" : "wx"));
        } else {
            paths.add(new AccessTest.Need(root, Files.exists(clusterDir) ? "x" : "wx"));
        }
        paths.add(new AccessTest.Need(clusterDir, "rwx"));
        paths.add(new AccessTest.Need(clusterDir.resolve("wal"), "rwx"));
        paths.add(new AccessTest.Need(clusterDir.resolve("archive-identity.json"), "r"));
        List<AccessTest.Need> plan = AccessTest.plan(root, paths);
        List<String> users = new ArrayList<>();
        if (!os.root()) {
            users.add(os.name());
        }
        if (testServer || (os.root() && FileOwner.user(server).isPresent())) {
            users.add(server);
        }
        for (String user : users) {
            Optional<List<AccessTest.Need>> unmet = AccessTest.unmet(user, plan, cc.ctx().runner(), os);
            if (unmet.isEmpty()) {
                out.add(Finding.warn("repository access", "not tested as " + user + ": only root can run a test as another OS user",
                        "run pgkeeper check as root or as " + user));
            } else if (unmet.get().isEmpty()) {
                out.add(Finding.ok("repository access", user + " can reach " + root + " and read and write " + clusterDir + " (tested as " + user + ")"));
            } else {
                List<String> evidence = unmet.get().stream().map(n -> n.path() + " needs " + n.needs() + " for " + user + " ("
                        + FileOwner.describe(n.path()) + ")").toList();
                boolean isServer = user.equals(server);
                out.add(Finding.failOrWarn(!isServer || cc.physical(), "repository access", user + (isServer ? " (who runs archive_command)" : "")
                        + " cannot use the repository: " + evidence.get(0), RepositoryOwnership.rule(root, Optional.of(server)),
                        evidence.toArray(new String[0])));
            }
        }
    }

    private static Path nearestExisting(Path p) {
        Path at = p;
        while (at.getParent() != null && !Files.exists(at)) {
            at = at.getParent();
        }
        return at;
    }
}
