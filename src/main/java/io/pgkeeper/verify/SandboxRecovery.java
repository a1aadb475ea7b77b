package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.recovery.Login;
import io.pgkeeper.recovery.PsqlProbe;
import io.pgkeeper.recovery.RecoveryFailures;
import io.pgkeeper.recovery.RecoveryGoal;
import io.pgkeeper.recovery.RecoveryOutcome;
import io.pgkeeper.recovery.RecoveryWait;
import io.pgkeeper.recovery.ServerWatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every physical verify waits for its sandbox through here: the one {@link RecoveryWait}, with
 * the policy's verify timeout, logging in over the sandbox's own socket (trusted there), and
 * {@link Verdicts} deciding what a failure means.
 */
final class SandboxRecovery {
    private SandboxRecovery() {}

    static RecoveryOutcome await(RunContext ctx, LocalServer server, String superuser, RecoveryGoal goal, String what) {
        String osUser = server.osUser().orElse(ctx.os().name());
        List<Login> logins = List.of(Login.osUser(osUser), new Login(superuser, server.osUser(),
                Map.of("PGPASSFILE", "/nonexistent/pgkeeper-no-passfile"), true, "role " + superuser + " over the sandbox's socket"));
        ServerWatch watch = new ServerWatch(server.dataDir(), server.logFile(), new PsqlProbe(ctx.runner(), server.tools().bin("psql"), logins));
        RecoveryOutcome o = RecoveryWait.system(ctx.clock()).await(watch, goal, ctx.cluster().timeouts().verify(), server.logFile().toString());
        if (!o.reached()) {
            String stop = server.osUser().map(u -> "runuser -u " + u + " -- ").orElse("") + server.tools().bin("pg_ctl") + " -D " + server.dataDir()
                    + " -m fast stop";
            throw Verdicts.recovery(o, new RecoveryFailures.Copy(what, server.port(), server.dataDir(), Optional.empty(), stop));
        }
        return o;
    }
}
