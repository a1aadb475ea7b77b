package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {
    @Test
    void layoutIsTimeLevelPaddedToFiveAndMessage() {
        LoggerContext lc = new LoggerContext();
        LoggingEvent e = new LoggingEvent("x", lc.getLogger("io.pgkeeper.test"), Level.INFO, "dump {} complete", null, new Object[] {"20261121T030000Z"});
        e.setTimeStamp(LocalTime.of(3, 4, 5).atDate(java.time.LocalDate.of(2026, 11, 21)).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
        LogConfigurator.LineLayout layout = new LogConfigurator.LineLayout();
        assertEquals("03:04:05 INFO  dump 20261121T030000Z complete" + System.lineSeparator(), layout.doLayout(e));
    }

    @Test
    void stackTraceFollowsTheMessage() {
        LoggerContext lc = new LoggerContext();
        LoggingEvent e = new LoggingEvent("x", lc.getLogger("io.pgkeeper.test"), Level.ERROR, "failed", new IllegalStateException("boom"), null);
        String line = new LogConfigurator.LineLayout().doLayout(e);
        assertTrue(line.contains("ERROR failed" + System.lineSeparator() + "java.lang.IllegalStateException: boom"), line);
    }

    @Test
    void configuresTheRootLoggerWithOneStderrAppenderAtInfo() {
        LoggerContext lc = new LoggerContext();
        LogConfigurator c = new LogConfigurator();
        c.setContext(lc);
        assertEquals(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, c.configure(lc));
        ch.qos.logback.classic.Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        assertTrue(root.getAppender("STDERR") instanceof ch.qos.logback.core.ConsoleAppender<?> a && "System.err".equals(a.getTarget()));
    }
}
