package io.pgkeeper.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.testing.ClusterExtension;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.S3Server;
import io.pgkeeper.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not part of the suite (no *IT or *Test name): the peak memory of a pgkeeper dump to an S3
 * repository, for docs/storage.md's bound. Run it alone:
 * {@code mvn -B verify -Dit.test=S3MemoryBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dpgkeeper.bench.gb=2}.
 * It dumps a table of about that many GB (uncompressed custom format, which streams from
 * pg_dump's stdout into the upload), samples the pgkeeper JVM's VmHWM and VmRSS from /proc and
 * the largest file under stateDir while it runs, and prints them; it never asserts on them.
 */
@ExtendWith(ClusterExtension.class)
class S3MemoryBench {
    @RegisterExtension
    static final S3Server S3 = new S3Server();

    @Test
    void peakMemoryOfADumpOfSeveralGigabytes(TestCluster pg) throws Exception {
        int gb = Integer.getInteger("pgkeeper.bench.gb", 2);
        pg.execute("postgres", "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 32) AS v FROM generate_series(1, " + gb * 1_000_000L + ") g");
        S3Repo repo = S3Repo.create(S3, "bench");
        try {
            Path policy = repo.policy("bench", pg.port(), "    logical:\n      compress: \"0\"\n      databases: {include: [postgres]}\n");
            // S3Proxy's filesystem backend joins the parts of a GB-sized upload at its completion, which takes longer than the
            // tests' 6 s bound on a loaded machine: the bench measures memory, so it gives each request the default bound
            Files.writeString(policy, Files.readString(policy).replace("retryFor: 6s", "retryFor: 2m"));
            List<String> argv = new ArrayList<>(List.of(Launcher.script().toString(), "--policy", policy.toString(), "dump"));
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(repo.dir().resolve("out.txt").toFile());
            pb.environment().putAll(repo.environment());
            long t0 = System.nanoTime();
            Process p = pb.start();
            long hwm = 0;
            long rss = 0;
            StateSampler state = new StateSampler(repo.state(), null);
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                state.run();
                for (String line : status(p.pid())) {
                    if (line.startsWith("VmHWM:")) {
                        hwm = Math.max(hwm, kb(line));
                    } else if (line.startsWith("VmRSS:")) {
                        rss = Math.max(rss, kb(line));
                    }
                }
            }
            long secs = (System.nanoTime() - t0) / 1_000_000_000L;
            assertEquals(0, p.exitValue(), () -> read(repo.dir().resolve("out.txt")));
            long stored = Files.walk(repo.objects()).filter(Files::isRegularFile).mapToLong(S3MemoryBench::size).sum();
            System.out.printf("S3MemoryBench: dump of %d MiB to S3 in %d s; pgkeeper JVM peak VmHWM %d MiB, max VmRSS %d MiB;"
                    + " largest file under stateDir %d KiB (%d samples)%n", stored >> 20, secs, hwm >> 10, rss >> 10, state.largest() >> 10,
                    state.samples());
        } finally {
            Launcher.deleteQuietly(repo.dir());
        }
    }

    private static List<String> status(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        } catch (IOException e) {
            return List.of(); // it ended
        }
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
