package io.pgkeeper.cli;

import io.pgkeeper.archive.ArchiveCheckReport;
import io.pgkeeper.archive.ArchiveGap;
import io.pgkeeper.archive.ArchiveTimeline;
import io.pgkeeper.util.Durations;
import java.nio.file.Path;
import java.time.Duration;

/** {@code archive check} for people: ranges, the start, each gap, missing history files and other problems. */
final class ArchiveCheckOutput {
    private ArchiveCheckOutput() {}

    static java.util.List<String> text(ArchiveCheckReport r, Path walDir) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("archive of cluster " + r.cluster() + ": " + walDir + " (segments of " + Sizes.human(r.segmentSize()) + ")");
        if (r.timelines().isEmpty()) {
            lines.add("no WAL segment archived yet");
        }
        for (ArchiveTimeline t : r.timelines()) {
            lines.add("timeline " + t.timeline() + ": " + t.first() + " .. " + t.last() + " (" + t.segments() + " segment"
                    + (t.segments() == 1 ? "" : "s") + ")");
        }
        if (r.from() != null) {
            lines.add("checked from " + r.from() + " (" + r.fromSource() + ")");
        }
        if (r.newestSegment() != null) {
            lines.add("newest segment " + r.newestSegment()
                    + (r.newestAgeSeconds() == null ? "" : ", archived " + Durations.format(Duration.ofSeconds(r.newestAgeSeconds())) + " ago"));
        }
        for (ArchiveGap gap : r.gaps()) {
            lines.add("GAP on timeline " + gap.timeline() + ": " + (gap.missing() == 1 ? gap.from()
                    : gap.from() + " .. " + gap.to()) + " missing (" + gap.missing() + " segment" + (gap.missing() == 1 ? "" : "s")
                    + "): recovery stops before it");
        }
        for (String h : r.missingHistory()) {
            lines.add("MISSING " + h + ": recovery cannot follow timeline " + Integer.parseInt(h.substring(0, 8), 16)
                    + " without it");
        }
        r.problems().forEach(p -> lines.add("PROBLEM: " + p));
        lines.add(r.ok() ? "ok" : "NOT OK: " + r.gaps().size() + " gap(s), " + r.missingHistory().size() + " missing history file(s)"
                + (r.problems().isEmpty() ? "" : ", " + r.problems().size() + " other problem(s)"));
        return lines;
    }
}
