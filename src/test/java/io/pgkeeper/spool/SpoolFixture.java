package io.pgkeeper.spool;

import io.pgkeeper.archive.Compression;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.policy.PolicyLoader;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Shell;
import io.pgkeeper.util.OsIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A spool, an archive and a pg_wal on plain files, with the policy loaded as archive push loads
 * it, for comparing the launcher's shell check (archive-spool.bash, run by bash) with Java's.
 */
final class SpoolFixture {
    static final Path SCRIPT = Path.of("src/package/usr/share/pgkeeper/archive-spool.bash");
    static final long SYSID = 7301234567890123456L;

    final Path dir;
    final Path policyFile;
    final Path pgdata;
    final Map<String, String> env = new HashMap<>();

    SpoolFixture(Path dir) throws IOException {
        this.dir = dir;
        this.policyFile = dir.resolve("pgkeeper.yaml");
        this.pgdata = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(pgdata.resolve("pg_wal/archive_status"));
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("PGK_TEST_REPO", dir.resolve("repo").toString());
        writePolicy("");
    }

    /** The policy: repository from $PGK_TEST_REPO, async on; {@code extra} is appended to the file. */
    void writePolicy(String extra) throws IOException {
        Files.writeString(policyFile, "version: 1\nrepository:\n  path: ${PGK_TEST_REPO}\nclusters:\n  main:\n    archive:\n"
                + "      async: true\n      compress: zstd\n" + extra);
    }

    /** The same policy naming the repository itself (no variable), last changed {@code age} ago: one the launcher answers for without hashing. */
    void settledLiteralPolicy(Duration age) throws IOException {
        Files.writeString(policyFile, Files.readString(policyFile).replace("${PGK_TEST_REPO}", dir.resolve("repo").toString()));
        Files.setLastModifiedTime(policyFile, FileTime.from(Instant.now().minus(age)));
    }

    Archiving archiving() {
        return archiving(Clock.systemUTC());
    }

    Archiving archiving(Clock clock) {
        Policy policy = new PolicyLoader().load(policyFile, env);
        ClusterPolicy cluster = policy.cluster(Optional.of("main"));
        Repository repository = Repository.posix(policy.repository().path(), Optional.empty(), OsIdentity.current(), Clock.systemUTC());
        return new Archiving(policy, cluster, repository, WalArchive.of(repository, "main"), env, clock, OsIdentity.current(), pgdata, "io.pgkeeper.cli.Main");
    }

    Spool spool() {
        return archiving().spool();
    }

    /** A segment file in pg_wal whose first page header names {@code sysid}, marked .ready, dated 10 s ago. */
    Path segment(String name, long sysid) throws IOException {
        byte[] b = new byte[64 * 1024];
        new Random(name.hashCode()).nextBytes(b);
        System.arraycopy(header(sysid), 0, b, 0, 40);
        Path p = Files.write(pgdata.resolve("pg_wal").resolve(name), b);
        Files.writeString(pgdata.resolve("pg_wal/archive_status").resolve(name + ".ready"), "");
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(10)));
        return p;
    }

    /** The archiving of this policy, with these segments (made by {@link #segment}) pushed, zstd-compressed. */
    Archiving archivingWith(String... segments) throws IOException {
        Archiving a = archiving();
        for (String s : segments) {
            a.archive().push(segment(s, SYSID), Compression.ZSTD);
        }
        return a;
    }

    /** A backup_label in pgdata whose recovery starts at {@code firstSegment}, as pg_basebackup writes it. */
    void backupLabel(String firstSegment) throws IOException {
        Files.writeString(pgdata.resolve("backup_label"), "START WAL LOCATION: 0/2000028 (file " + firstSegment + ")\nSTART TIMELINE: 1\n");
    }

    /**
     * Serves {@code wal} from {@code queue} to pg_wal/RECOVERYXLOG, as recovery's call would, and
     * checks that it was served ({@code why} says why it should be) with the bytes of pg_wal's {@code wal}.
     */
    void assertServed(GetQueue queue, Archiving a, String wal, String why) throws IOException {
        Path dest = pgdata.resolve("pg_wal/RECOVERYXLOG");
        org.junit.jupiter.api.Assertions.assertTrue(queue.serve(wal, dest, a.archive(), a.repository().files()), why);
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(pgdata.resolve("pg_wal").resolve(wal)), Files.readAllBytes(dest), "served");
    }

    /** Removes a test's queue, if it made one: a worker the test started exits once its queue is gone. */
    static void dropQueue(GetQueue queue) throws IOException {
        if (queue != null && Files.isDirectory(queue.dir())) {
            try (var s = Files.list(queue.dir())) {
                s.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(queue.dir());
        }
    }

    static byte[] header(long sysid) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 0xD110).putShort(2, (short) 0x0002).putInt(4, 1).putLong(8, 0).putInt(16, 0);
        b.putLong(24, sysid).putInt(32, 16 << 20).putInt(36, 8192);
        return b.array();
    }

    /** Pushes it as the worker does and writes its acknowledgement and the binding. */
    Ack pushAndAcknowledge(Path segment) {
        return pushAndAcknowledge(segment, SYSID);
    }

    Ack pushAndAcknowledge(Path segment, long sysid) {
        Archiving a = archiving();
        Spool spool = a.spool().ensure(a.repository().files());
        WalArchive.PushResult r = a.archive().push(segment, Compression.ZSTD);
        Ack ack = new Ack(Long.toUnsignedString(sysid), r.file().path().getFileName().toString());
        ack.write(spool.ack(segment.getFileName().toString()));
        new AsyncPush(a, spool).storeBinding();
        return ack;
    }

    /** Java's answer: the policy as it is now, the --spool check, then the acknowledgement check. */
    boolean javaAccepts(Path segment, Path spoolFlag) {
        Archiving a;
        try {
            a = archiving();
        } catch (RuntimeException e) {
            return false;
        }
        if (!a.spool().dir().equals(spoolFlag.toAbsolutePath().normalize())) {
            return false; // Archiving.checked: a usage error, exit 2
        }
        return new AckCheck(a.spool(), a.archive()).proven(segment).isPresent();
    }

    /** The shell's answer to {@code args}, run by bash in {@code cwd} with exactly {@link #env}. */
    Cli.Result shell(Path cwd, String... args) {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", "set -eu; . \"$0\"; pgkeeper_spool_answer \"$@\" && exit 0; exit 1",
                SCRIPT.toAbsolutePath().toString()));
        argv.addAll(List.of(args));
        return Shell.run(cwd, env, argv, Duration.ofSeconds(60));
    }

    List<String> pushArgs(Path segment) {
        return List.of("archive", "push", "--policy", policyFile.toString(), "--cluster", "main", "--spool", spool().dir().toString(),
                segment.toString());
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
