package io.pgkeeper.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Sets the log level from --quiet/--verbose and the log format from --log-format after parsing
 * and before any command runs.
 */
final class LoggingSetup implements CommandLine.IExecutionStrategy {
    /** The same as logback.xml's: the text format is the default. */
    static final String TEXT_PATTERN = "%d{HH:mm:ss} %-5level %msg%n";

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
            format(lc, rootLogger, root.logFormat == PgKeeperCommand.LogFormat.json);
        }
        return next.execute(parseResult);
    }

    /**
     * Set on every run, not only for json: in-process runs (tests) share one logger context, and a
     * json run must not leave its encoder to the next.
     */
    private static void format(LoggerContext lc, Logger rootLogger, boolean json) {
        Appender<ILoggingEvent> appender = rootLogger.getAppender("STDERR");
        if (!(appender instanceof OutputStreamAppender<ILoggingEvent> out)) {
            return;
        }
        boolean isJson = out.getEncoder() instanceof JsonEncoder;
        if (isJson == json) {
            return;
        }
        Encoder<ILoggingEvent> encoder = json ? jsonEncoder() : textEncoder();
        encoder.setContext(lc);
        encoder.start();
        out.stop();
        out.setEncoder(encoder);
        out.start();
    }

    /** Logback's own JSON encoder: one object per line with timestamp, level, logger and the formatted message. */
    private static JsonEncoder jsonEncoder() {
        JsonEncoder e = new JsonEncoder();
        e.setWithSequenceNumber(false);
        e.setWithNanoseconds(false);
        e.setWithContext(false);
        e.setWithMessage(false);
        e.setWithArguments(false);
        e.setWithFormattedMessage(true);
        return e;
    }

    private static PatternLayoutEncoder textEncoder() {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setPattern(TEXT_PATTERN);
        return e;
    }
}
