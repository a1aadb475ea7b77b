package io.pgkeeper.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines of the last archive failure, from a server log with the default log_line_prefix. */
class ServerLogTest {

    @Test
    void theLastFailureWithWhatTheCommandPrintedBeforeIt() {
        String log = String.join("\n",
                "2026-12-01 09:00:00.000 UTC [10] LOG:  archive command failed with exit code 1",
                "2026-12-01 09:00:00.000 UTC [10] DETAIL:  The failed archive command was: old",
                "2026-12-01 09:00:01.000 UTC [11] FATAL:  no pg_hba.conf entry for replication connection",
                "pgkeeper: error: cannot traverse /repo as OS user postgres (owner root, group root, mode 0700)",
                "hint: chown -R postgres /repo",
                "2026-12-01 09:00:02.000 UTC [10] LOG:  archive command failed with exit code 1",
                "2026-12-01 09:00:02.000 UTC [10] DETAIL:  The failed archive command was: pgkeeper archive push pg_wal/000000010000000000000002",
                "2026-12-01 09:00:03.000 UTC [12] LOG:  checkpoint starting: time");
        assertEquals(List.of("pgkeeper: error: cannot traverse /repo as OS user postgres (owner root, group root, mode 0700)",
                "hint: chown -R postgres /repo",
                "2026-12-01 09:00:02.000 UTC [10] LOG:  archive command failed with exit code 1",
                "2026-12-01 09:00:02.000 UTC [10] DETAIL:  The failed archive command was: pgkeeper archive push pg_wal/000000010000000000000002"),
                ServerLog.relevant(log));
    }

    @Test
    void noFailureNoLines() {
        assertEquals(List.of(), ServerLog.relevant("2026-12-01 09:00:03.000 UTC [12] LOG:  checkpoint starting: time\n"));
    }
}
