package io.pgkeeper.process;

import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * The log level of one line a tool wrote to stderr. PostgreSQL's tools mark their warnings
 * ("pg_basebackup: warning: ...") and pass the server's on ("WARNING:  checksum verification
 * failed ..."): those are logged as warnings, so that they reach a --quiet cron run's mail like
 * pgkeeper's own. Error lines stay at info: a failed tool's error message repeats them.
 */
enum StderrLevel {
    DEBUG, INFO, WARN;

    private static final Pattern WARNING_LINE = Pattern.compile("(^|: )warning: |\\bWARNING:  ");

    static StderrLevel of(String line) {
        String head = line.length() > 200 ? line.substring(0, 200) : line;
        return WARNING_LINE.matcher(head).find() ? WARN : INFO;
    }

    static void log(Logger log, StderrLevel level, String tool, String line) {
        switch (level) {
            case DEBUG -> log.debug("[{}] {}", tool, line);
            case INFO -> log.info("[{}] {}", tool, line);
            case WARN -> log.warn("[{}] {}", tool, line);
        }
    }
}
