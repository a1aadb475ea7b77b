package io.pgkeeper.ops;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.ObjectivesPolicy;
import io.pgkeeper.policy.ScheduleEntry;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.VerifyLog;
import io.pgkeeper.repository.VerifyRecord;
import io.pgkeeper.util.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a cluster's objectives (RPO) against its repository: the newest completed backup of each
 * kind, the newest archived WAL segment, the newest passing verify. Reads only the repository:
 * it needs no server, so it still answers when the server is down.
 */
public final class StatusService {
    private final Repository repository;
    private final Clock clock;

    public StatusService(Repository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public StatusReport status(ClusterPolicy cluster) {
        Instant now = clock.instant();
        ObjectivesPolicy goals = cluster.objectives();
        List<Objective> out = new ArrayList<>();
        repository.requireRoot("cluster " + cluster.name() + " has no backups to judge");
        List<Backup> completed = repository.completed(cluster.name(), Optional.empty());
        for (BackupKind kind : kinds(cluster, completed)) {
            Optional<Backup> newest = completed.stream().filter(b -> b.manifest().kind() == kind)
                    .max(Comparator.comparing((Backup b) -> b.manifest().finishedAt()));
            out.add(judge("newest " + kind.dirName() + " backup", newest.map(b -> b.id() + " finished " + b.manifest().finishedAt()),
                    newest.map(b -> b.manifest().finishedAt()), now, "maxBackupAge", goals.maxBackupAge()));
        }
        Optional<NewestSegment> segment = NewestSegment.of(WalArchive.of(repository, cluster.name()));
        out.add(judge("archive lag", segment.map(s -> "segment " + s.walName() + " archived " + s.archivedAt()),
                segment.map(NewestSegment::archivedAt), now, "maxArchiveLag", goals.maxArchiveLag()));
        if (cluster.archive().async()) {
            out.add(SpoolObjective.of(cluster, repository.root(), now));
        }
        Optional<VerifyRecord> passed = new VerifyLog(repository, cluster.name()).all().stream()
                .filter(r -> VerifyRecord.PASSED.equals(r.result()))
                .max(Comparator.comparing(VerifyRecord::at));
        out.add(judge("newest passing verify", passed.map(r -> "backup " + r.backupId() + " verified " + r.at()),
                passed.map(VerifyRecord::at), now, "maxVerifyAge", goals.maxVerifyAge()));
        List<String> missed = out.stream().filter(Objective::missed).map(o -> o.name() + " misses " + o.objective()
                + (o.ageSeconds() == null ? ": " + o.found() : ": " + Durations.format(Duration.ofSeconds(o.ageSeconds())) + " old")).toList();
        return new StatusReport(cluster.name(), now, missed.isEmpty(), out, missed);
    }

    /**
     * The kinds judged: those the cluster has backups of or schedules; logical when neither, so an
     * empty repository is reported rather than passed over.
     */
    private static Set<BackupKind> kinds(ClusterPolicy cluster, List<Backup> completed) {
        Set<BackupKind> kinds = EnumSet.noneOf(BackupKind.class);
        completed.forEach(b -> kinds.add(b.manifest().kind()));
        for (ScheduleEntry e : cluster.schedule().entries()) {
            if (e.command().equals("dump")) {
                kinds.add(BackupKind.LOGICAL);
            } else if (e.command().equals("basebackup")) {
                kinds.add(BackupKind.PHYSICAL);
            }
        }
        if (kinds.isEmpty()) {
            kinds.add(BackupKind.LOGICAL);
        }
        return kinds;
    }

    private static Objective judge(String name, Optional<String> found, Optional<Instant> at, Instant now, String key,
            Optional<Duration> max) {
        Long age = at.map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(null);
        String objective = max.map(m -> key + " " + Durations.format(m)).orElse(null);
        Boolean met = max.map(m -> age != null && Duration.ofSeconds(age).compareTo(m) <= 0).orElse(null);
        return new Objective(name, found.orElse("none"), age, objective, met);
    }
}
