package io.pgkeeper.process;

/**
 * The process's one shutdown hook: when the JVM is asked to stop (Ctrl-C, SIGTERM from cron or
 * systemd), every process still descending from it is killed, so no pg_dump or pg_basebackup
 * outlives the run that started it. Servers started with pg_ctl are not among them: pg_ctl
 * detaches the postmaster, so a sandbox kept with --keep-sandbox or a copy started by
 * {@code restore --start} keeps running. Installed on the first real process, once per JVM
 * however many runners there are (tests build a command line, and with it a runner, per run).
 */
final class ShutdownKill {
    private ShutdownKill() {}

    /** The class-holder idiom: the hook is added when this class is first used, exactly once. */
    private static final class Hook {
        static final Thread THREAD = add();

        private static Thread add() {
            Thread t = new Thread(ShutdownKill::killChildren, "kill-children");
            Runtime.getRuntime().addShutdownHook(t);
            return t;
        }
    }

    static void install() {
        if (Hook.THREAD == null) {
            throw new IllegalStateException("the shutdown hook was not added");
        }
    }

    /** Descendants rather than the runner's own children: a runuser or a shell may have died and left its child behind. */
    static void killChildren() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
