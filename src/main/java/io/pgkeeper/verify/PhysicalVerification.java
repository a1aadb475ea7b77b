package io.pgkeeper.verify;

import io.pgkeeper.archive.ArchiveCheck;
import io.pgkeeper.archive.ArchiveCheckResult;
import io.pgkeeper.archive.ArchiveGap;
import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalNames;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.FileEntry;
import io.pgkeeper.repository.Integrity;
import io.pgkeeper.repository.PhysicalInfo;
import io.pgkeeper.restore.RecoverySettings;
import io.pgkeeper.restore.RecoveryTarget;
import io.pgkeeper.util.OsUser;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and steps of one physical verify: the base backup is extracted into a sandbox,
 * checked by pg_verifybackup, started as a private server and recovered (to consistency, or to
 * a target through WAL copied out of the archive), then compared and checked.
 */
final class PhysicalVerification extends SandboxVerification {
    private static final Logger log = LoggerFactory.getLogger(PhysicalVerification.class);
    private static final Duration SERVER_TIMEOUT = Duration.ofMinutes(10);

    private final PhysicalInfo info;
    private final RecoveryTarget target;
    private PgAccess access;
    private PgTools tools;

    PhysicalVerification(RunContext ctx, Backup backup, RecoveryTarget target) {
        super(ctx, backup);
        this.info = m.physical();
        this.target = target;
    }

    @Override
    List<Step> steps() {
        return List.of(new Step("integrity", this::integrity), new Step("sandbox", this::sandbox), new Step("start", this::start),
                new Step("recovery", this::recovery), new Step("fingerprint", this::fingerprint), new Step("checks", this::checks));
    }

    /** sha256 of every file, and an unbroken WAL archive from the backup's start onward. */
    String integrity() {
        if (info == null || m.files().isEmpty()) {
            throw StepFailure.provenBad("the manifest of backup " + m.id() + " records no physical backup files");
        }
        List<Integrity.Mismatch> bad = Integrity.check(backup.dir(), m.files());
        if (!bad.isEmpty()) {
            throw StepFailure.provenBad(bad.size() + " of " + m.files().size() + " files do not match the manifest:\n  "
                    + bad.stream().map(Integrity.Mismatch::describe).collect(Collectors.joining("\n  ")));
        }
        WalArchive archive = new WalArchive(ctx.repository().clusterDir(ctx.cluster().name()));
        List<String> names = archive.list().stream().map(ArchivedFile::walName).toList();
        if (names.stream().noneMatch(WalNames::isSegment)) {
            warnings.add("the WAL archive is empty: the backup restores only to its own end, no later point in time");
            if (target.isSet()) {
                throw StepFailure.provenBad("a recovery target was given but the WAL archive holds no segments");
            }
            return m.files().size() + " files match their sha256";
        }
        ArchiveCheckResult r = ArchiveCheck.analyze(names, info.walSegmentSize(), Optional.of(info.startWalSegment()));
        if (!r.ok()) {
            List<String> problems = new ArrayList<>();
            for (ArchiveGap g : r.gaps()) {
                problems.add("timeline " + g.timeline() + ": " + g.missing() + " segment(s) missing from " + g.from() + " to " + g.to());
            }
            r.missingHistory().forEach(h -> problems.add("timeline history file " + h + " is missing"));
            throw StepFailure.provenBad("the WAL archive after this backup's start (" + info.startWalSegment() + ") is broken; "
                    + "recovery past the gap is impossible:\n  " + String.join("\n  ", problems));
        }
        return m.files().size() + " files match their sha256; archived WAL is continuous from " + info.startWalSegment()
                + r.newestSegment().map(s -> " to " + s).orElse("");
    }

    /** Extracts the base backup into a private directory and runs pg_verifybackup on it. */
    String sandbox() {
        int major = SandboxVerification.majorOf(m.serverVersion());
        tools = ctx.binaries().serverOfMajor(major, ctx.cluster().binDir(), true);
        sandbox = Sandbox.create(ctx.cluster().verify().sandbox(), m.id());
        Path data = sandbox.dir().resolve("data");
        try {
            SecureFiles.createDirectories(data);
            extract("base.tar", data);
            extract("pg_wal.tar", data.resolve("pg_wal"));
            Files.copy(backup.dir().resolve("backup_manifest"), sandbox.dir().resolve("backup_manifest"));
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot extract the base backup into " + data + ": " + e.getMessage());
        }
        ToolResult verified = ctx.runner().run(ToolCall.of("pg_verifybackup", List.of(tools.bin("pg_verifybackup"),
                "--manifest-path=" + sandbox.dir().resolve("backup_manifest"), data.toString()), Map.of(), ctx.cluster().timeouts().verify()));
        if (!verified.ok()) {
            throw StepFailure.provenBad("pg_verifybackup found the extracted base backup damaged:\n  " + String.join("\n  ", verified.stderrTail()));
        }
        return "base backup extracted into " + data + " and checked by pg_verifybackup " + tools.version();
    }

    private void extract(String stem, Path into) throws IOException {
        FileEntry tar = m.files().stream().filter(f -> f.path().equals(stem) || f.path().startsWith(stem + ".")).findFirst()
                .orElseThrow(() -> StepFailure.provenBad("backup " + m.id() + " has no " + stem));
        SecureFiles.createDirectories(into);
        ctx.runner().run(ToolCall.of("tar", List.of("/bin/tar", "--extract", "--no-same-owner", "--file=" + backup.dir().resolve(tar.path()),
                "--directory=" + into), Map.of(), ctx.cluster().timeouts().verify())).orThrow("extracting " + tar.path() + " failed", "check free space in the sandbox directory");
    }

    /** Configures the copy as a private server and starts recovery. */
    String start() {
        Path data = sandbox.dir().resolve("data");
        int port = LocalServer.freePort();
        try {
            writeConfig(data, port);
            if (target.isSet()) {
                copyArchivedWal(sandbox.dir().resolve("wal"));
            }
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot configure the sandbox in " + data + ": " + e.getMessage());
        }
        SecureFiles.tighten(data);
        String osUser = ctx.cluster().verify().sandbox().osUser();
        if (OsUser.isRoot()) {
            LocalServer.chown(sandbox.dir(), osUser);
        }
        try {
            server = sandbox.adopt(ctx.runner(), tools, data, port, osUser, SERVER_TIMEOUT);
        } catch (PgKeeperException e) {
            String logText = String.join("\n", server == null ? sandbox.server().map(s -> s.logTail(30)).orElse(List.of()) : server.logTail(30));
            if (logText.contains("recovery ended before configured recovery target was reached") || logText.contains("could not locate")
                    || logText.contains("invalid checkpoint") || logText.contains("WAL ends before end of online backup")) {
                throw StepFailure.provenBad("recovery of the base backup failed:\n  " + logText.replace("\n", "\n  "));
            }
            throw e;
        }
        access = PgAccess.local(port, superuser(), Duration.ofSeconds(10));
        return "server started on port " + port + server.osUser().map(u -> " as OS user " + u).orElse("");
    }

    private String superuser() {
        return ctx.cluster().connection().user().orElse(LocalServer.SUPERUSER);
    }

    private void writeConfig(Path data, int port) throws IOException {
        if (!Files.exists(data.resolve("postgresql.conf"))) {
            // a Debian-style cluster keeps its configuration outside the data directory
            Files.writeString(data.resolve("postgresql.conf"), "# written by pgkeeper verify: the backup had no postgresql.conf\n");
        }
        Files.writeString(data.resolve("pg_hba.conf"), "# pgkeeper verify sandbox: private, loopback and socket only\n"
                + "local all all trust\nhost all all 127.0.0.1/32 trust\n");
        List<String> conf = new ArrayList<>();
        conf.add("");
        conf.add("# pgkeeper verify sandbox");
        conf.add("port = " + port);
        conf.add("listen_addresses = '127.0.0.1'");
        conf.add("unix_socket_directories = '" + sandbox.dir() + "'");
        conf.add("hba_file = '" + data.resolve("pg_hba.conf") + "'");
        conf.add("ident_file = '" + data.resolve("pg_ident.conf") + "'");
        conf.add("archive_mode = off");
        conf.add("fsync = off");
        conf.add("synchronous_commit = off");
        // no read-only phase: with hot standby, settings lower than the primary's (max_connections,
        // max_wal_senders, ...) abort recovery; the copy only has to reach its target and promote
        conf.add("hot_standby = off");
        if (target.isSet()) {
            conf.addAll(RecoverySettings.lines("cp " + sandbox.dir().resolve("wal") + "/%f %p", target));
        } else {
            conf.addAll(RecoverySettings.lines("false", new RecoveryTarget(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    true, RecoveryTarget.Action.PROMOTE, Optional.empty())));
        }
        if (!Files.exists(data.resolve("pg_ident.conf"))) {
            Files.writeString(data.resolve("pg_ident.conf"), "");
        }
        Files.writeString(data.resolve("postgresql.auto.conf"), String.join("\n", conf) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.writeString(data.resolve("recovery.signal"), "");
    }

    /** The sandbox's OS user cannot read the repository: the WAL it needs is copied out, checked, beforehand. */
    private void copyArchivedWal(Path walDir) throws IOException {
        SecureFiles.createDirectories(walDir);
        WalArchive archive = new WalArchive(ctx.repository().clusterDir(ctx.cluster().name()));
        String start = info.startWalSegment();
        for (ArchivedFile f : archive.list()) {
            boolean needed = f.walName().endsWith(".history") || (WalNames.isSegment(f.walName())
                    && f.walName().substring(8).compareTo(start.substring(8)) >= 0);
            if (needed) {
                try {
                    archive.get(f.walName(), walDir.resolve(f.walName()));
                } catch (PgKeeperException e) {
                    throw StepFailure.provenBad("archived WAL " + f.walName() + " is unusable: " + e.getMessage());
                }
            }
        }
    }

    /** Waits until the server has finished recovery and promoted. */
    String recovery() {
        Instant deadline = Instant.now().plus(SERVER_TIMEOUT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = access.connect("postgres"); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn()::text, ''), "
                            + "coalesce(pg_last_xact_replay_timestamp()::text, '')")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return "recovered " + (target.isSet() ? "to the target" : "to consistency") + " at " + rs.getString(2)
                            + (rs.getString(3).isEmpty() ? "" : ", last transaction " + rs.getString(3));
                }
                last = rs.getString(2);
            } catch (PgKeeperException | SQLException e) {
                if (!server.running() || !Files.exists(server.dataDir().resolve("postmaster.pid"))) {
                    throw StepFailure.provenBad("the server stopped during recovery:\n  " + String.join("\n  ", server.logTail(20)));
                }
            }
            sleep();
        }
        throw StepFailure.couldNotRun("recovery did not finish within " + SERVER_TIMEOUT + " (last replayed " + last + ")");
    }

    /** Row estimates and schema hash recorded at backup time; only meaningful for recovery to the backup's end. */
    String fingerprint() {
        if (target.isSet()) {
            warnings.add("fingerprint not compared: recovery went past the backup's end to a target");
            return "skipped: a recovery target was given";
        }
        List<DatabaseEntry> recorded = m.databases().stream().filter(d -> d.fingerprint() != null).toList();
        if (recorded.isEmpty()) {
            warnings.add("the backup recorded no fingerprint");
            return "skipped: nothing recorded";
        }
        PgTools client = ctx.binaries().forServer(tools.major(), ctx.cluster().binDir(), "pg_dump");
        for (DatabaseEntry d : recorded) {
            boolean withHash = d.fingerprint().schemaHash() != null;
            RestoredDatabase restored = RestoredReader.read(ctx, access, client, d.name(), withHash);
            mismatches.addAll(FingerprintComparison.compare(d.fingerprint(), restored, ctx.cluster().verify().rowCountTolerance()));
        }
        failOnMismatches();
        return recorded.size() + " database(s) match the schema hashes and row estimates recorded at backup time";
    }

    String checks() {
        Set<String> dbs = new LinkedHashSet<>();
        try (Connection c = access.connect("postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datallowconn")) {
            while (rs.next()) {
                dbs.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw StepFailure.couldNotRun("cannot list the recovered databases: " + e.getMessage());
        }
        return runChecks(access, dbs);
    }

    @Override
    KeptSandbox keep() {
        return new KeptSandbox(sandbox.dir().toString(), server.dataDir().toString(), server.port(), server.osUser().orElse(null),
                tools.bin("psql") + " -h " + sandbox.dir() + " -p " + server.port() + " -U " + superuser() + " -d postgres", stopCommand());
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StepFailure.couldNotRun("interrupted while waiting for recovery");
        }
    }
}
