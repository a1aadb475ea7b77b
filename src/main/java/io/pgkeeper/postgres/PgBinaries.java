package io.pgkeeper.postgres;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds PostgreSQL tools whose major version is at least the server's: the policy's binDir,
 * then /usr/lib/postgresql/MAJOR/bin (and newer majors), then {@code pg_config --bindir}, then
 * PATH. A tool older than the server cannot dump it, so an older one is never used.
 */
public final class PgBinaries {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private final ProcessRunner probe;
    private final Path debianRoot;
    private final Map<String, String> env;

    /** @param probe a runner that really runs: version probes are read-only and needed even in dry runs */
    public PgBinaries(ProcessRunner probe, Map<String, String> env) {
        this(probe, Path.of("/usr/lib/postgresql"), env);
    }

    PgBinaries(ProcessRunner probe, Path debianRoot, Map<String, String> env) {
        this.probe = probe;
        this.debianRoot = debianRoot;
        this.env = env;
    }

    /** Tools (client side: pg_dump, pg_restore, ...) able to work with a server of this major. */
    public PgTools forServer(int serverMajor, Optional<Path> binDir, String requiredTool) {
        return find(serverMajor, binDir, requiredTool, false);
    }

    /**
     * Server binaries (initdb, pg_ctl, postgres) for a sandbox: the same major as the backup when
     * they exist, since a data directory only starts under its own major.
     */
    public PgTools serverOfMajor(int major, Optional<Path> binDir, boolean exact) {
        return find(major, binDir, "postgres", exact);
    }

    private PgTools find(int major, Optional<Path> binDir, String requiredTool, boolean exact) {
        List<String> seen = new ArrayList<>();
        for (Path dir : candidates(major, binDir)) {
            Path tool = dir.resolve(requiredTool);
            if (!Files.isExecutable(tool)) {
                continue;
            }
            Optional<PgTools> tools = probe(dir, requiredTool);
            if (tools.isEmpty()) {
                continue;
            }
            PgTools t = tools.get();
            seen.add(t.binDir() + " (" + t.major() + ")");
            if (exact ? t.major() == major : t.major() >= major) {
                return t;
            }
        }
        String found = seen.isEmpty() ? "none found" : "found only " + String.join(", ", seen);
        throw PgKeeperException.failed(
                requiredTool + " for PostgreSQL " + major + (exact ? "" : " or newer") + " is needed: " + found,
                "install it (Debian/Ubuntu: apt-get install postgresql-client-" + major
                        + (requiredTool.equals("postgres") ? " postgresql-" + major : "")
                        + ") or set binDir in the policy");
    }

    private List<Path> candidates(int major, Optional<Path> binDir) {
        Set<Path> dirs = new LinkedHashSet<>();
        binDir.ifPresent(dirs::add);
        dirs.add(debianRoot.resolve(Integer.toString(major)).resolve("bin"));
        dirs.addAll(newerDebianMajors(major));
        pgConfigBinDir().ifPresent(dirs::add);
        String path = env.getOrDefault("PATH", "");
        for (String p : path.split(":")) {
            if (!p.isBlank()) {
                dirs.add(Path.of(p));
            }
        }
        return new ArrayList<>(dirs);
    }

    private List<Path> newerDebianMajors(int major) {
        if (!Files.isDirectory(debianRoot)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(debianRoot)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> Integer.parseInt(p.getFileName().toString()) > major)
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
                    .map(p -> p.resolve("bin"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private Optional<Path> pgConfigBinDir() {
        for (String p : env.getOrDefault("PATH", "").split(":")) {
            Path pgConfig = Path.of(p.isBlank() ? "." : p, "pg_config");
            if (Files.isExecutable(pgConfig)) {
                ToolResult r = probe.run(ToolCall.of("pg_config", List.of(pgConfig.toString(), "--bindir"), Map.of(), PROBE_TIMEOUT)
                        .withStdout(ToolCall.Stdout.capture()));
                if (r.ok() && !r.stdout().isBlank()) {
                    return Optional.of(Path.of(r.stdout().trim()));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<PgTools> probe(Path dir, String tool) {
        ToolResult r = probe.run(ToolCall.of(tool, List.of(dir.resolve(tool).toString(), "--version"), Map.of(), PROBE_TIMEOUT)
                .withStdout(ToolCall.Stdout.capture()));
        if (!r.ok()) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(r.stdout());
        if (!m.find()) {
            return Optional.empty();
        }
        String version = m.group(1) + (m.group(2) == null ? "" : "." + m.group(2));
        Path real = dir;
        try {
            real = dir.resolve(tool).toRealPath().getParent();
        } catch (IOException ignored) {
            // keep the directory as found
        }
        return Optional.of(new PgTools(real, Integer.parseInt(m.group(1)), version));
    }
}
