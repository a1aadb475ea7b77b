package io.pgkeeper.retention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.policy.LogicalRetention;
import io.pgkeeper.policy.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/retention.md, computed by the planner. If the planner changes, this
 * test fails until the example in the document is replaced by the output printed here.
 */
class PruneDocExampleTest {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    static String example() {
        Instant first = Instant.parse("2026-10-23T03:00:00Z");
        List<CompletedBackup> daily = new ArrayList<>();
        for (int day = 0; day < 30; day++) {
            Instant start = first.plus(Duration.ofDays(day));
            daily.add(CompletedBackup.logical(ID.format(start), start, start.plus(Duration.ofMinutes(12)), Optional.empty()));
        }
        RetentionPolicy policy = new RetentionPolicy(
                Optional.of(new LogicalRetention(3, 7, 4, 6, 0, Optional.empty(), 1)), Optional.empty(), Duration.ofDays(1));
        RetentionPlan plan = RetentionPlanner.plan(daily, List.of(), policy, Instant.parse("2026-11-21T12:00:00Z"));

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-16s  %-3s  %-8s  %-6s  %s", "ID", "DAY", "ISO WEEK", "ACTION", "REASONS")).append('\n');
        for (Decision d : plan.decisions()) {
            LocalDate day = LocalDate.parse(d.id().substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
            String week = String.format(Locale.ROOT, "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            out.append(String.format(Locale.ROOT, "%-16s  %-3s  %-8s  %-6s  %s", d.id(),
                    day.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT), week,
                    d.keeps() ? "keep" : "delete", String.join("; ", d.reasons())).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    @Test
    void theDocumentShowsWhatThePlannerDecides() throws IOException {
        String expected = example();
        String doc = Files.readString(Path.of("docs/retention.md"));
        assertTrue(doc.contains(expected), "docs/retention.md must contain exactly this planner output:\n" + expected);
    }
}
