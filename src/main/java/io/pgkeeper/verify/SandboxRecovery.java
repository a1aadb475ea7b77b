package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.recovery.RecoveryGoal;
import io.pgkeeper.recovery.RecoveryOutcome;
import io.pgkeeper.restore.RecoveredSandbox;
import java.util.Optional;

/**
 * Every physical verify waits for its sandbox through here: the one recovery wait of
 * {@link RecoveredSandbox}, with the policy's verify timeout, and {@link Verdicts} deciding what
 * a failure means.
 */
final class SandboxRecovery {
    private SandboxRecovery() {}

    static RecoveryOutcome await(RunContext ctx, LocalServer server, String superuser, RecoveryGoal goal, String what) {
        RecoveryOutcome o = RecoveredSandbox.await(ctx, server, superuser, goal, ctx.cluster().timeouts().verify());
        if (!o.reached()) {
            throw Verdicts.recovery(o, RecoveredSandbox.copy(server, what, Optional.empty()));
        }
        return o;
    }
}
