package io.pgkeeper.archive;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.PhysicalInfo;
import io.pgkeeper.repository.Repository;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the archive and the oldest base backup's start, and hands them to {@link ArchiveCheck}. */
public final class ArchiveCheckService {
    /** PostgreSQL's default; used until a push or base backup records the real size. */
    public static final long DEFAULT_SEGMENT_SIZE = 16L * 1024 * 1024;

    private final Repository repository;
    private final String cluster;
    private final Clock clock;

    public ArchiveCheckService(Repository repository, String cluster, Clock clock) {
        this.repository = repository;
        this.cluster = cluster;
        this.clock = clock;
    }

    /**
     * Checks along the timeline path of every retained base backup from its start segment, or from
     * the oldest archived segment of the newest timeline's path without one.
     */
    public ArchiveCheckReport check() {
        repository.requireRoot("cluster " + cluster + " has no archive");
        List<Backup> backups = baseBackups();
        return check(backups.stream().map(b -> b.manifest().physical().startWalSegment()).toList(),
                backups.isEmpty() ? "oldest archived segment" : "base backup " + backups.get(0).id());
    }

    /** Checks from {@code from} (a 24-hex segment name) when given. */
    public ArchiveCheckReport check(Optional<String> from, String fromSource) {
        if (from.isPresent() && !WalNames.isSegment(from.get())) {
            throw PgKeeperException.usage("'" + from.get() + "' is not a WAL segment name (24 hex digits)", "pass a name like 000000010000000000000003");
        }
        repository.requireRoot("cluster " + cluster + " has no archive");
        return check(from.map(List::of).orElse(List.of()), fromSource);
    }

    private ArchiveCheckReport check(List<String> starts, String fromSource) {
        WalArchive archive = WalArchive.of(repository, cluster);
        long segmentSize = archive.identity().map(ArchiveIdentity::segmentSize).filter(s -> s > 0).orElse(DEFAULT_SEGMENT_SIZE);
        List<ArchivedAt> listed = archive.listWithTimes();
        List<ArchivedFile> files = listed.stream().map(ArchivedAt::file).toList();
        ArchiveHistories h = ArchiveHistories.read(archive, files);
        ArchiveCheckResult r = ArchiveCheck.analyze(files.stream().map(ArchivedFile::walName).toList(), h.histories(), segmentSize, starts)
                .withProblems(h.problems());
        Long age = r.newestSegment().flatMap(n -> listed.stream().filter(a -> a.file().walName().equals(n)).findFirst())
                .map(ArchivedAt::at).map(at -> Math.max(0, Duration.between(at, clock.instant()).toSeconds())).orElse(null);
        return new ArchiveCheckReport(cluster, r.ok(), r.timelines(), r.gaps(), r.missingHistory(), r.problems(), r.newestSegment().orElse(null), age,
                r.from().orElse(null), r.from().isEmpty() ? null : !starts.isEmpty() ? fromSource : "oldest archived segment", segmentSize);
    }

    /** The retained base backups with a start segment, oldest first. */
    private List<Backup> baseBackups() {
        return repository.completed(cluster, Optional.of(BackupKind.PHYSICAL)).stream()
                .filter(b -> {
                    PhysicalInfo p = b.manifest().physical();
                    return p != null && p.startWalSegment() != null && WalNames.isSegment(p.startWalSegment());
                })
                .toList();
    }
}
