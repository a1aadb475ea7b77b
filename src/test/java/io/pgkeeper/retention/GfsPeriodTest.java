package io.pgkeeper.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GfsPeriodTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2026-11-20T03:00:00Z, 2026-11-20, 2026-W47, 2026-11, 2026",
        "2020-12-31T12:00:00Z, 2020-12-31, 2020-W53, 2020-12, 2020",
        "2021-01-03T23:59:59Z, 2021-01-03, 2020-W53, 2021-01, 2021",
        "2021-01-04T00:00:00Z, 2021-01-04, 2021-W01, 2021-01, 2021",
        "2019-12-30T00:00:00Z, 2019-12-30, 2020-W01, 2019-12, 2019",
        "2027-01-01T00:00:00Z, 2027-01-01, 2026-W53, 2027-01, 2027",
        "2026-01-05T00:00:00Z, 2026-01-05, 2026-W02, 2026-01, 2026",
        // 23:30 on 2026-03-07 in New York, already the 8th in UTC.
        "2026-03-08T04:30:00Z, 2026-03-08, 2026-W10, 2026-03, 2026",
    })
    void bucketsAreUtcCalendarPeriods(Instant startedAt, String day, String week, String month, String year) {
        assertEquals(day, GfsPeriod.DAILY.bucketOf(startedAt));
        assertEquals(week, GfsPeriod.WEEKLY.bucketOf(startedAt));
        assertEquals(month, GfsPeriod.MONTHLY.bucketOf(startedAt));
        assertEquals(year, GfsPeriod.YEARLY.bucketOf(startedAt));
    }
}
