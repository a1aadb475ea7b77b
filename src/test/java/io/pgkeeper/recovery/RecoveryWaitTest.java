package io.pgkeeper.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The wait's rules, against a scripted copy and a clock that only moves when the wait sleeps. */
class RecoveryWaitTest {
    private static final PidFile READY = new PidFile(42, 5433, Optional.of("/srv"), Optional.of("127.0.0.1"), "ready");
    private static final PidFile STARTING = new PidFile(42, 5433, Optional.of("/srv"), Optional.of("127.0.0.1"), "starting");
    private static final PidFile STANDBY = new PidFile(42, 5433, Optional.of("/srv"), Optional.of("127.0.0.1"), "standby");

    /** A clock whose time advances by each sleep. */
    static final class FakeTime {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        final List<Duration> slept = new ArrayList<>();

        Clock clock() {
            return new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            };
        }

        RecoveryWait.Sleeper sleeper() {
            return d -> {
                slept.add(d);
                now = now.plus(d);
            };
        }
    }

    /** Step n of the script: what postmaster.pid, the process, the log and the probe say at the n-th look. */
    record Look(Optional<PidFile> pid, boolean alive, List<String> log, ProbeResult probe) {}

    static final class Scripted implements CopyWatch {
        final IntFunction<Look> script;
        int looks;
        Look current;
        int probes;

        Scripted(IntFunction<Look> script) {
            this.script = script;
        }

        @Override
        public Optional<PidFile> pidFile() {
            current = script.apply(looks++);
            return current.pid();
        }

        @Override
        public boolean alive(long pid) {
            return current.alive();
        }

        @Override
        public List<String> log() {
            return current.log();
        }

        @Override
        public ProbeResult probe(PidFile pid) {
            probes++;
            return current.probe();
        }
    }

    private static RecoveryOutcome run(FakeTime t, RecoveryGoal goal, Duration timeout, IntFunction<Look> script) {
        return new RecoveryWait(t.clock(), t.sleeper()).await(new Scripted(script), goal, timeout, "/var/log/copy.log");
    }

    private static ProbeResult.State replaying(String lsn) {
        return new ProbeResult.State(true, false, lsn, "", "");
    }

    @Test
    void promotedOnceTheServerSaysItIsOutOfRecovery() {
        FakeTime t = new FakeTime();
        RecoveryOutcome o = run(t, RecoveryGoal.PROMOTE, Duration.ofHours(1), n -> n < 3
                ? new Look(Optional.of(STARTING), true, List.of(), null)
                : n < 5 ? new Look(Optional.of(READY), true, List.of(), replaying("0/3000000"))
                : new Look(Optional.of(READY), true, List.of(), new ProbeResult.State(false, false, "0/3000060", "2026-11-21T09:59:00.000000Z", "00000002")));
        assertEquals(RecoveryOutcome.State.PROMOTED, o.state());
        assertEquals("0/3000060", o.lsn());
        assertEquals("2026-11-21T09:59:00.000000Z", o.lastTransaction());
        assertTrue(o.reached());
    }

    @Test
    void aServerThatExitsEndsTheWaitAtOnceWithItsFatalLine() {
        FakeTime t = new FakeTime();
        List<String> log = List.of("2026-11-21 10:00:00 UTC [9] LOG:  redo done at 0/5000148 system usage: CPU: user: 0.00 s",
                "2026-11-21 10:00:00 UTC [9] LOG:  last completed transaction was at log time 2026-11-21 09:58:00.1+00",
                "2026-11-21 10:00:00 UTC [9] FATAL:  recovery ended before configured recovery target was reached");
        RecoveryOutcome o = run(t, RecoveryGoal.PROMOTE, Duration.ofHours(24), n -> n < 2
                ? new Look(Optional.of(STANDBY), true, List.of(), null)
                : new Look(Optional.empty(), false, log, null));
        assertEquals(RecoveryOutcome.State.TARGET_NOT_REACHED, o.state());
        assertEquals("0/5000148 (last transaction at 2026-11-21 09:58:00.1+00)", o.log().replayEnd());
        assertTrue(t.slept.size() < 5, "no polling until the timeout: " + t.slept.size());
        RecoveryFailures.Failure f = RecoveryFailures.of(o, copy());
        assertTrue(f.message().startsWith("target not reached: the archive ends at 0/5000148"), f.message());
        assertTrue(f.message().contains("FATAL: recovery ended before configured recovery target was reached"), f.message());
    }

    @Test
    void aCrashIsAnExitEvenWhenPostmasterPidStays() {
        FakeTime t = new FakeTime();
        RecoveryOutcome o = run(t, RecoveryGoal.PROMOTE, Duration.ofHours(24), n -> new Look(Optional.of(STANDBY), n < 3,
                List.of("... PANIC:  could not locate a valid checkpoint record"), null));
        assertEquals(RecoveryOutcome.State.EXITED, o.state());
        assertEquals(Optional.of("PANIC: could not locate a valid checkpoint record"), o.log().fatal());
    }

    @Test
    void aServerThatNeverStartsIsReportedAfterTheGraceNotTheTimeout() {
        FakeTime t = new FakeTime();
        RecoveryOutcome o = run(t, RecoveryGoal.PROMOTE, Duration.ofHours(24), n -> new Look(Optional.empty(), false, List.of(), null));
        assertEquals(RecoveryOutcome.State.EXITED, o.state());
        assertTrue(o.waited().compareTo(RecoveryWait.START_GRACE) >= 0 && o.waited().compareTo(Duration.ofMinutes(2)) < 0, o.waited()::toString);
        assertTrue(o.detail().contains("never wrote postmaster.pid"), o.detail());
    }

    @Test
    void aFatalBeforePostmasterPidEndsTheWaitAtOnce() {
        FakeTime t = new FakeTime();
        RecoveryOutcome o = run(t, RecoveryGoal.PROMOTE, Duration.ofHours(24), n -> new Look(Optional.empty(), false,
                List.of("FATAL:  could not access file \"timescaledb\": No such file or directory"), null));
        assertEquals(RecoveryOutcome.State.EXITED, o.state());
        assertEquals(0, t.slept.size());
    }

    @Test
    void refusedLoginsEndTheWaitAtOnceNamingRolePortAndFix() {
        FakeTime t = new FakeTime();
        Scripted copy = new Scripted(n -> new Look(Optional.of(READY), true, List.of(),
                new ProbeResult.AuthFailed(List.of("role backup with the policy's credentials: FATAL: password authentication failed for user \"backup\""))));
        RecoveryOutcome o = new RecoveryWait(t.clock(), t.sleeper()).await(copy, RecoveryGoal.PROMOTE, Duration.ofHours(24), "/l");
        assertEquals(RecoveryOutcome.State.AUTH_FAILED, o.state());
        assertEquals(1, copy.probes);
        RecoveryFailures.Failure f = RecoveryFailures.of(o, copy());
        assertTrue(f.message().contains("port 5433") && f.message().contains("role backup"), f.message());
        assertTrue(f.hint().contains("localhost:5433:*:ROLE:PASSWORD") && f.hint().contains("pg_hba.conf"), f.hint());
    }

    @Test
    void pauseAndStandbyAndShutdown() {
        assertEquals(RecoveryOutcome.State.PAUSED, run(new FakeTime(), RecoveryGoal.PAUSE, Duration.ofHours(1),
                n -> new Look(Optional.of(READY), true, List.of(), new ProbeResult.State(true, true, "0/30", "", ""))).state());
        assertEquals(RecoveryOutcome.State.STANDBY, run(new FakeTime(), RecoveryGoal.STANDBY, Duration.ofHours(1),
                n -> new Look(Optional.of(READY), true, List.of(), replaying("0/30"))).state());
        assertEquals(RecoveryOutcome.State.STANDBY, run(new FakeTime(), RecoveryGoal.STANDBY, Duration.ofHours(1),
                n -> new Look(Optional.of(STANDBY), true, List.of("LOG:  consistent recovery state reached at 0/5000100"), null)).state());
        RecoveryOutcome down = run(new FakeTime(), RecoveryGoal.SHUTDOWN, Duration.ofHours(1), n -> n < 2
                ? new Look(Optional.of(STANDBY), true, List.of(), null)
                : new Look(Optional.empty(), false, List.of("LOG:  recovery stopping before commit of transaction 740, time 2026-11-21 09:00:00+00",
                        "LOG:  shutdown at recovery target", "LOG:  database system is shut down"), null));
        assertEquals(RecoveryOutcome.State.SHUT_DOWN, down.state());
        assertEquals(Optional.of("recovery stopping before commit of transaction 740, time 2026-11-21 09:00:00+00"), down.log().stopped());
    }

    @Test
    void aReplayThatNeverArrivesTimesOutOnThePolicysClock() {
        FakeTime t = new FakeTime();
        RecoveryOutcome o = run(t, RecoveryGoal.PROMOTE, Duration.ofSeconds(10), n -> new Look(Optional.of(READY), true, List.of(), replaying("0/" + n)));
        assertEquals(RecoveryOutcome.State.TIMED_OUT, o.state());
        assertEquals(Duration.ofSeconds(10), o.waited());
        assertTrue(RecoveryFailures.of(o, copy()).hint().contains("still running"));
    }

    @Test
    void aLongReplayIsLookedAtLessOften() {
        FakeTime t = new FakeTime();
        RecoveryOutcome o = run(t, RecoveryGoal.PROMOTE, Duration.ofHours(1), n -> new Look(Optional.of(READY), true, List.of(), replaying("0/1")));
        assertEquals(RecoveryOutcome.State.TIMED_OUT, o.state());
        assertEquals(Duration.ofMillis(250), t.slept.get(0));
        assertEquals(Duration.ofSeconds(5), t.slept.get(t.slept.size() - 1));
        assertTrue(t.slept.size() < 1200, "looks in an hour: " + t.slept.size());
    }

    @Test
    void logFactsReadTheEnglishMessages() {
        LogFacts f = LogFacts.of(List.of("LOG:  consistent recovery state reached at 0/5000100", "LOG:  redo done at 0/6000060 system usage: x",
                "LOG:  recovery stopping after WAL location (LSN) \"0/6000060\""));
        assertTrue(f.consistent());
        assertEquals(Optional.of("0/6000060"), f.redoDone());
        assertTrue(f.stopped().isPresent());
        assertTrue(f.fatal().isEmpty());
        assertEquals("an unknown point (the server log does not say)", LogFacts.of(List.of()).replayEnd());
        LogFacts clients = LogFacts.of(List.of("FATAL:  recovery target timeline 9 does not exist",
                "FATAL:  password authentication failed for user \"backup\"", "FATAL:  the database system is starting up"));
        assertEquals(Optional.of("FATAL: recovery target timeline 9 does not exist"), clients.fatal());
    }

    @Test
    void pidFileAndPsqlAnswers() {
        PidFile p = PidFile.parse(List.of("31948", "/srv/pitr", "1796115048", "5433", "/var/run/postgresql", "*", "  2188912     65591", "ready   "))
                .orElseThrow();
        assertEquals(5433, p.port());
        assertTrue(p.ready());
        assertEquals(Optional.of("/var/run/postgresql"), p.host());
        assertEquals(Optional.of("127.0.0.1"), new PidFile(1, 5, Optional.empty(), Optional.of("*"), "ready").host());
        assertTrue(PidFile.parse(List.of("12")).isEmpty());
        assertEquals(new ProbeResult.State(false, false, "0/3000060", "2026-11-21T09:59:00.000000Z", "00000002"),
                PsqlProbe.parse("f||0/3000060|2026-11-21T09:59:00.000000Z|00000002\n"));
        assertTrue(PsqlProbe.refusedLogin("psql: error: connection to server on socket \"/x/.s.PGSQL.5433\" failed: FATAL:  Peer authentication failed for user \"postgres\""));
        assertTrue(PsqlProbe.refusedLogin("fe_sendauth: no password supplied"));
        assertTrue(!PsqlProbe.refusedLogin("FATAL:  the database system is starting up"));
    }

    private static RecoveryFailures.Copy copy() {
        return new RecoveryFailures.Copy("the restored copy in /srv/pitr", 5433, java.nio.file.Path.of("/srv/pitr"), Optional.empty(), "pg_ctl -D /srv/pitr stop");
    }
}
