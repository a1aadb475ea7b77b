package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ShellQuote;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.recovery.Login;
import io.pgkeeper.recovery.PsqlProbe;
import io.pgkeeper.recovery.RecoveryFailures;
import io.pgkeeper.recovery.RecoveryGoal;
import io.pgkeeper.recovery.RecoveryOutcome;
import io.pgkeeper.recovery.RecoveryWait;
import io.pgkeeper.recovery.ServerWatch;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code restore --start}: starts the restored copy and waits, through the one {@link RecoveryWait},
 * until it got where it was asked to go. Every failure ends the run at once with exit 1 and the
 * server's own words. After a promotion it waited for, it takes pgkeeper's recovery settings out of
 * postgresql.auto.conf again and reloads, so none of them stays active and no later base backup
 * of the copy inherits them.
 */
public final class CopyStart {
    private final RunContext ctx;
    private final PgTools tools;
    private final Path pgdata;
    private final Path logFile;
    private final Optional<String> runAs;

    public CopyStart(RunContext ctx, PgTools tools, Path pgdata, Path logFile) {
        this.ctx = ctx;
        this.tools = tools;
        this.pgdata = pgdata;
        this.logFile = logFile;
        this.runAs = ctx.os().runAs(ctx.cluster().osUser());
    }

    /** The command a person runs to start the copy: the same log file outside the data directory. */
    public static String startCommand(RunContext ctx, PgTools tools, Path pgdata) {
        String pgCtl = ShellQuote.join(List.of(tools.bin("pg_ctl"), "-D", pgdata.toString(), "-l", CopySettings.logFile(pgdata).toString(), "start"));
        return ctx.os().root() ? "runuser -u " + ctx.cluster().osUser() + " -- " + pgCtl : pgCtl;
    }

    public PhysicalRestoreResult.Reached startAndWait(RecoveryGoal goal, int port, Optional<String> archiveEnd) {
        ctx.runner().run(LocalServer.launchCall(tools, pgdata, logFile, runAs, pgdata, ctx.cluster().timeouts().connect().plusSeconds(60)))
                .orThrow("pg_ctl could not start " + pgdata, "see " + logFile);
        RecoveryOutcome o;
        Login serverUser = Login.osUser(runAs.orElse(ctx.os().name()));
        PgAccess policy = policyAccess();
        try {
            List<Login> logins = policy == null ? List.of(serverUser) : List.of(serverUser, new Login(policy.user(), Optional.empty(),
                    policy.toolEnv(), false, "role " + policy.user() + " with the policy's credentials" + Optional.ofNullable(policy.toolEnv()
                            .get("PGPASSFILE")).filter(f -> !f.contains("pgkeeper-")).map(f -> " (passfile " + f + ")").orElse("")));
            ServerWatch watch = new ServerWatch(pgdata, logFile, new PsqlProbe(ctx.runner(), tools.bin("psql"), logins));
            o = RecoveryWait.system(ctx.clock()).await(watch, goal, ctx.cluster().timeouts().restore(), logFile.toString());
        } finally {
            if (policy != null) {
                policy.close();
            }
        }
        if (!o.reached()) {
            RecoveryFailures.Failure f = RecoveryFailures.of(o, new RecoveryFailures.Copy("the restored copy in " + pgdata, port, pgdata,
                    archiveEnd, stopCommand()));
            throw PgKeeperException.failed(f.message(), f.hint());
        }
        boolean removed = false;
        if (o.state() == RecoveryOutcome.State.PROMOTED) {
            removeRecoverySettings();
            removed = true;
            io.pgkeeper.spool.FinishedRecovery.dropQueue(ctx.cluster().archive(), ctx.repository().root(), ctx.cluster().name(), pgdata);
        }
        return new PhysicalRestoreResult.Reached(o.lsn(), o.lastTransaction(), o.state().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                o.probe() == null || o.probe().timeline().isEmpty() ? null : Integer.toString(Integer.parseInt(o.probe().timeline(), 16)),
                o.log().stopped().orElse(null), removed);
    }

    /** The policy's credentials, when they can be had: an unset passwordEnv leaves the server's OS user as the only login. */
    private PgAccess policyAccess() {
        try {
            return ctx.access();
        } catch (PgKeeperException e) {
            // safe: the copy is watched through its socket as the server's OS user; a refusal then names that login
            return null;
        }
    }

    /** Recovery is over: restore_command and the targets must not stay in force, nor pass into the next base backup. */
    private void removeRecoverySettings() {
        Path auto = pgdata.resolve("postgresql.auto.conf");
        try {
            String text = Files.readString(auto, StandardCharsets.UTF_8);
            SecureFiles.writeAtomically(auto, AutoConf.withoutRecoveryBlock(text).getBytes(StandardCharsets.UTF_8));
            runAs.ifPresent(u -> LocalServer.chown(auto, u));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw PgKeeperException.failed("the copy promoted, but pgkeeper could not remove its recovery settings from " + auto + ": "
                    + e.getMessage(), "remove the block between '" + AutoConf.RECOVERY_BEGIN + "' and '" + AutoConf.RECOVERY_END
                    + "' by hand, then reload the server");
        }
        ctx.runner().run(ToolCall.of("pg_ctl", List.of(tools.bin("pg_ctl"), "--pgdata=" + pgdata, "reload"), Map.of(),
                ctx.cluster().timeouts().connect().plusSeconds(30)).runningAs(runAs).withWorkDir(pgdata))
                .orThrow("reloading the promoted copy in " + pgdata + " failed", "reload it by hand: " + tools.bin("pg_ctl") + " -D " + pgdata + " reload");
    }

    private String stopCommand() {
        String pgCtl = tools.bin("pg_ctl") + " -D " + pgdata + " -m fast stop";
        return runAs.map(u -> "runuser -u " + u + " -- " + pgCtl).orElse(pgCtl);
    }
}
