package io.pgkeeper.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Sets the log level from --quiet/--verbose after parsing and before any command runs. */
final class LoggingSetup implements CommandLine.IExecutionStrategy {
    private final CommandLine.IExecutionStrategy next;

    LoggingSetup(CommandLine.IExecutionStrategy next) {
        this.next = next;
    }

    @Override
    public int execute(CommandLine.ParseResult parseResult) {
        PgKeeperCommand root = (PgKeeperCommand) parseResult.commandSpec().root().userObject();
        Level level = root.verbose ? Level.DEBUG : root.quiet ? Level.WARN : Level.INFO;
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext lc) {
            Logger rootLogger = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            rootLogger.setLevel(root.verbose ? Level.INFO : level);
            lc.getLogger("io.pgkeeper").setLevel(level);
        }
        return next.execute(parseResult);
    }
}
