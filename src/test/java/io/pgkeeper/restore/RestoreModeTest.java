package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The rule that every option restore is given is one the chosen restore honours, over every
 * combination of a mode's anchor options with each other option: what a mode takes is accepted,
 * anything else is exit 2 with a message that starts with the option and a hint.
 */
class RestoreModeTest {
    private static final Set<String> LOGICAL = Set.of("--database", "--into", "--jobs", "--clean", "--globals", "--backup", "--lock-wait");
    private static final Set<String> ALL = Set.of("--all", "--jobs", "--clean", "--globals", "--backup", "--lock-wait");
    private static final Set<String> PHYSICAL = Set.of("--pgdata", "--backup", "--lock-wait", "--target-time", "--target-lsn", "--target-xid",
            "--target-name", "--target-immediate", "--target-timeline", "--force", "--tablespace-map", "--standby", "--primary-conninfo",
            "--start", "--port", "--archive");
    private static final Set<String> POINT_IN_TIME = Set.of("--database", "--target-time", "--backup", "--lock-wait", "--target-timeline",
            "--into", "--table", "--jobs", "--target-action");

    private static RestoreMode mode(String... options) {
        return RestoreMode.of(Set.of(options), Optional.empty());
    }

    private static PgKeeperException refused(Set<String> options) {
        return assertThrows(PgKeeperException.class, () -> RestoreMode.of(options, Optional.empty()), options::toString);
    }

    @Test
    void theModeFollowsTheAnchorOptions() {
        assertEquals(RestoreMode.LOGICAL, mode("--database"));
        assertEquals(RestoreMode.ALL, mode("--all"));
        assertEquals(RestoreMode.PHYSICAL, mode("--pgdata"));
        for (String target : RestoreMode.TARGETS) {
            assertEquals(RestoreMode.POINT_IN_TIME, mode("--database", target));
            assertEquals(RestoreMode.PHYSICAL, mode("--pgdata", target));
        }
    }

    /** Each mode with each option of restore: accepted exactly when the mode honours it. */
    @Test
    void everyOptionWithEveryModeIsHonouredOrRefused() {
        List<String> wrong = new ArrayList<>();
        for (String option : new TreeSet<>(RestoreMode.options())) {
            check(wrong, Set.of("--database"), option, LOGICAL.contains(option) || RestoreMode.TARGETS.contains(option));
            check(wrong, Set.of("--all"), option, ALL.contains(option));
            check(wrong, Set.of("--pgdata"), option, PHYSICAL.contains(option));
            check(wrong, Set.of("--database", "--target-time"), option, POINT_IN_TIME.contains(option) || RestoreMode.TARGETS.contains(option)
                    || option.equals("--clean"));
        }
        assertEquals(List.of(), wrong);
    }

    private static void check(List<String> wrong, Set<String> anchor, String option, boolean honoured) {
        Set<String> given = new TreeSet<>(anchor);
        given.add(option);
        boolean targets = given.stream().filter(RestoreMode.TARGETS::contains).count() > 1;
        try {
            RestoreMode.of(given, Optional.empty());
            if (!honoured && !targets) {
                wrong.add(given + " was accepted");
            }
        } catch (PgKeeperException e) {
            if (honoured) {
                wrong.add(given + " was refused: " + e.getMessage());
            } else if (e.exitCode() != ExitCode.USAGE || !e.hint().isPresent()) {
                wrong.add(given + ": not a usage error with a hint: " + e.getMessage());
            } else if (!e.getMessage().contains(option) && !e.getMessage().startsWith("--all")
                    && !e.getMessage().startsWith("--database (one database) and --pgdata")) {
                wrong.add(given + ": the message does not name " + option + ": " + e.getMessage());
            }
        }
    }

    @Test
    void aTargetTimeWithALogicalDumpIsNoLongerIgnored() {
        // the bug of issue 19: --database with --target-time restored the latest logical dump
        assertEquals(RestoreMode.POINT_IN_TIME, mode("--database", "--target-time", "--into"));
        PgKeeperException e = refused(Set.of("--all", "--target-time"));
        assertTrue(e.getMessage().startsWith("--target-time cannot be honoured by a logical restore of every database"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("--database DB --target-time T"), e.hint()::toString);
    }

    @Test
    void optionsOfAPhysicalRestoreAreRefusedForALogicalOne() {
        for (String option : List.of("--force", "--start", "--port", "--standby", "--tablespace-map", "--archive", "--primary-conninfo")) {
            PgKeeperException e = refused(Set.of("--database", option));
            assertTrue(e.getMessage().startsWith(option + " cannot be honoured by a logical restore of one database"), e.getMessage());
        }
        assertTrue(refused(Set.of("--database", "--force")).hint().orElseThrow().contains("--clean"));
        PgKeeperException timeline = refused(Set.of("--database", "--target-timeline"));
        assertTrue(timeline.hint().orElseThrow().contains("--target-time"), timeline.hint()::toString);
        assertTrue(refused(Set.of("--database", "--table")).hint().orElseThrow().contains("--target-time"));
    }

    @Test
    void optionsOfALogicalRestoreAreRefusedForAPhysicalOne() {
        for (String option : List.of("--into", "--jobs", "--clean", "--globals", "--table", "--into-schema")) {
            PgKeeperException e = refused(Set.of("--pgdata", option));
            assertTrue(e.getMessage().startsWith(option + " cannot be honoured by a physical restore into a data directory"), e.getMessage());
        }
        assertTrue(refused(Set.of("--pgdata", "--clean")).hint().orElseThrow().contains("--force"));
        assertTrue(refused(Set.of("--pgdata", "--into")).hint().orElseThrow().contains("--database DB --target-time T --into NAME"));
    }

    @Test
    void aTargetActionNeedsATargetAndNoReplica() {
        PgKeeperException none = refused(Set.of("--pgdata", "--target-action"));
        assertTrue(none.getMessage().startsWith("--target-action says what the server does at a recovery target, and none was given"));
        assertEquals(RestoreMode.PHYSICAL, mode("--pgdata", "--target-action", "--target-lsn"));
        assertTrue(refused(Set.of("--pgdata", "--standby", "--target-action")).getMessage().startsWith("--target-action is not used by a replica"));
        assertTrue(refused(Set.of("--pgdata", "--standby", "--target-timeline")).getMessage().startsWith("--target-timeline is not used by a replica"));
    }

    @Test
    void thePointInTimeRestoreOfADatabase() {
        for (String option : List.of("--force", "--start", "--port", "--standby", "--tablespace-map", "--archive", "--globals")) {
            PgKeeperException e = refused(Set.of("--database", "--target-lsn", option));
            assertTrue(e.getMessage().startsWith(option + " cannot be honoured by the point-in-time restore of one database"), e.getMessage());
        }
        assertEquals(RestoreMode.POINT_IN_TIME, RestoreMode.of(Set.of("--database", "--target-xid", "--target-action"), Optional.of("promote")));
        PgKeeperException pause = assertThrows(PgKeeperException.class,
                () -> RestoreMode.of(Set.of("--database", "--target-xid", "--target-action"), Optional.of("pause")));
        assertTrue(pause.getMessage().startsWith("--target-action pause cannot be honoured"), pause.getMessage());
        assertTrue(refused(Set.of("--database", "--target-name", "--into-schema")).getMessage().startsWith("--into-schema names the schema"));
        assertEquals(RestoreMode.POINT_IN_TIME, mode("--database", "--target-name", "--into-schema", "--table", "--into"));
        assertTrue(refused(Set.of("--database", "--target-name", "--table", "--clean")).getMessage().startsWith("--clean replaces a whole database"));
        assertEquals(RestoreMode.POINT_IN_TIME, mode("--database", "--target-name", "--clean", "--into", "--jobs"));
    }

    @Test
    void modesThatExcludeEachOther() {
        assertTrue(refused(Set.of("--all", "--pgdata")).getMessage().startsWith("--all restores every database under its own name"));
        PgKeeperException both = refused(Set.of("--database", "--pgdata", "--target-time"));
        assertTrue(both.hint().orElseThrow().contains("leave out --pgdata"), both.hint()::toString);
        assertTrue(refused(Set.of()).getMessage().startsWith("say what to restore"));
        assertTrue(refused(Set.of("--table", "--target-time")).getMessage().startsWith("say what to restore"));
    }
}
