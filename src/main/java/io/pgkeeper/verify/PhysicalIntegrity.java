package io.pgkeeper.verify;

import io.pgkeeper.archive.ArchiveCheck;
import io.pgkeeper.archive.ArchiveCheckResult;
import io.pgkeeper.archive.ArchiveGap;
import io.pgkeeper.archive.ArchiveHistories;
import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalNames;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.Integrity;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.PhysicalInfo;
import io.pgkeeper.restore.RecoveryTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The first step of a physical verify: the sha256 of every file, and an archive that recovery
 * from this backup's start can follow along its timelines (as {@code archive check} computes it).
 */
final class PhysicalIntegrity {
    private PhysicalIntegrity() {}

    static String check(RunContext ctx, Backup backup, RecoveryTarget target, List<String> warnings) {
        Manifest m = backup.manifest();
        PhysicalInfo info = m.physical();
        if (info == null || m.files().isEmpty()) {
            throw StepFailure.provenBad("the manifest of backup " + m.id() + " records no physical backup files");
        }
        List<Integrity.Mismatch> bad = Integrity.check(backup.dir(), m.files());
        if (!bad.isEmpty()) {
            throw StepFailure.provenBad(bad.size() + " of " + m.files().size() + " files do not match the manifest:\n  "
                    + bad.stream().map(Integrity.Mismatch::describe).collect(Collectors.joining("\n  ")));
        }
        WalArchive archive = WalArchive.of(ctx.repository(), ctx.cluster().name());
        List<ArchivedFile> files = archive.list();
        List<String> names = files.stream().map(ArchivedFile::walName).toList();
        if (names.stream().noneMatch(WalNames::isSegment)) {
            warnings.add("the WAL archive is empty: the backup restores only to its own end, no later point in time");
            if (target.isSet() && !target.immediate()) {
                throw StepFailure.couldNotRun("a recovery target was given but the WAL archive holds no segments to reach it");
            }
            return m.files().size() + " files match their sha256";
        }
        ArchiveHistories histories = ArchiveHistories.read(archive, files);
        ArchiveCheckResult r = ArchiveCheck.analyze(names, histories.histories(), info.walSegmentSize(), List.of(info.startWalSegment()))
                .withProblems(histories.problems());
        if (!r.ok()) {
            List<String> problems = new ArrayList<>();
            for (ArchiveGap g : r.gaps()) {
                problems.add("timeline " + g.timeline() + ": " + g.missing() + " segment(s) missing from " + g.from() + " to " + g.to());
            }
            r.missingHistory().forEach(h -> problems.add("timeline history file " + h + " is missing"));
            problems.addAll(r.problems());
            throw StepFailure.provenBad("the WAL archive after this backup's start (" + info.startWalSegment() + ") is broken; "
                    + "recovery past the gap is impossible:\n  " + String.join("\n  ", problems));
        }
        return m.files().size() + " files match their sha256; archived WAL is continuous from " + info.startWalSegment()
                + r.newestSegment().map(s -> " to " + s).orElse("");
    }
}
