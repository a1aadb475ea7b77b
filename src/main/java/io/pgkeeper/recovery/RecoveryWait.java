package io.pgkeeper.recovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one wait for a started copy to finish recovery, used by {@code restore --start} and by
 * every physical verify. It watches three things and never swallows what they say: the
 * postmaster's process (through postmaster.pid), the server's log, and, once the server accepts
 * connections, the server itself. It ends as soon as the copy got where it was asked to go, or
 * exited, or refused every login, or the policy's timeout passed; the outcome says which.
 */
public final class RecoveryWait {
    /** How long a server may take to write postmaster.pid after pg_ctl returned, before it counts as not started. */
    static final Duration START_GRACE = Duration.ofSeconds(60);
    static final Duration POLL = Duration.ofMillis(250);

    /** Sleeps between looks; a test passes one that advances its clock. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Clock clock;
    private final Sleeper sleeper;

    public RecoveryWait(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static RecoveryWait system(Clock clock) {
        return new RecoveryWait(clock, d -> Thread.sleep(d.toMillis()));
    }

    /** @param timeout from the policy: timeouts.restore for restore, timeouts.verify for verify */
    public RecoveryOutcome await(CopyWatch watch, RecoveryGoal goal, Duration timeout, String logFile) {
        Instant started = clock.instant();
        Instant deadline = started.plus(timeout);
        boolean seenPid = false;
        ProbeResult.State last = null;
        while (true) {
            Optional<PidFile> pid = watch.pidFile();
            seenPid |= pid.isPresent();
            boolean alive = pid.isPresent() && watch.alive(pid.get().pid());
            Duration waited = Duration.between(started, clock.instant());
            if (!alive) {
                LogFacts facts = LogFacts.of(watch.log());
                if (seenPid || facts.fatal().isPresent() || waited.compareTo(START_GRACE) >= 0) {
                    return exited(goal, facts, last, logFile, waited, seenPid);
                }
            } else if (pid.get().ready()) {
                ProbeResult p = watch.probe(pid.get());
                if (p instanceof ProbeResult.AuthFailed a) {
                    return new RecoveryOutcome(RecoveryOutcome.State.AUTH_FAILED, last, LogFacts.of(watch.log()), logFile, waited,
                            String.join("\n", a.attempts()));
                }
                if (p instanceof ProbeResult.State s) {
                    last = s;
                    Optional<RecoveryOutcome.State> there = arrived(goal, s);
                    if (there.isPresent()) {
                        return new RecoveryOutcome(there.get(), s, LogFacts.of(watch.log()), logFile, waited, "");
                    }
                }
            } else if (goal == RecoveryGoal.STANDBY && pid.get().status().equals("standby") && LogFacts.of(watch.log()).consistent()) {
                // a replica without hot_standby never accepts connections; consistency is as far as it gets
                return new RecoveryOutcome(RecoveryOutcome.State.STANDBY, null, LogFacts.of(watch.log()), logFile, waited, "");
            }
            if (!clock.instant().isBefore(deadline)) {
                return new RecoveryOutcome(RecoveryOutcome.State.TIMED_OUT, last, LogFacts.of(watch.log()), logFile,
                        Duration.between(started, clock.instant()), "");
            }
            try {
                sleeper.sleep(interval(waited));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new RecoveryOutcome(RecoveryOutcome.State.TIMED_OUT, last, LogFacts.of(watch.log()), logFile,
                        Duration.between(started, clock.instant()), "interrupted");
            }
        }
    }

    /**
     * Quick looks while a copy starts, rarer ones during a long replay: a hot standby accepts
     * connections long before it promotes, and each look there is a psql process.
     */
    static Duration interval(Duration waited) {
        if (waited.compareTo(Duration.ofSeconds(30)) < 0) {
            return POLL;
        }
        return waited.compareTo(Duration.ofMinutes(5)) < 0 ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
    }

    /** Whether this answer of the server is where the goal leads. A paused replay goes nowhere by itself, whatever the goal. */
    static Optional<RecoveryOutcome.State> arrived(RecoveryGoal goal, ProbeResult.State s) {
        if (!s.inRecovery()) {
            return Optional.of(RecoveryOutcome.State.PROMOTED);
        }
        if (s.paused()) {
            return Optional.of(RecoveryOutcome.State.PAUSED);
        }
        if (goal == RecoveryGoal.STANDBY) {
            return Optional.of(RecoveryOutcome.State.STANDBY);
        }
        return Optional.empty();
    }

    private static RecoveryOutcome exited(RecoveryGoal goal, LogFacts facts, ProbeResult.State last, String logFile,
            Duration waited, boolean seenPid) {
        if (facts.shutdownAtTarget() && facts.fatal().isEmpty()) {
            // also what recovery_target_action = pause does when hot_standby is off
            return new RecoveryOutcome(RecoveryOutcome.State.SHUT_DOWN, last, facts, logFile, waited,
                    goal == RecoveryGoal.SHUTDOWN ? "" : "it shut down at the target instead of pausing: pause needs hot_standby = on");
        }
        if (facts.targetNotReached()) {
            return new RecoveryOutcome(RecoveryOutcome.State.TARGET_NOT_REACHED, last, facts, logFile, waited, "");
        }
        return new RecoveryOutcome(RecoveryOutcome.State.EXITED, last, facts, logFile, waited,
                seenPid ? "" : "the server never wrote postmaster.pid");
    }
}
