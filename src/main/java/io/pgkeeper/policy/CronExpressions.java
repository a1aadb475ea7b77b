package io.pgkeeper.policy;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Optional;

/** Standard 5-field cron expressions, as crontab(5) reads them, parsed by cron-utils. */
public final class CronExpressions {
    private CronExpressions() {}

    /** A new parser each time: cron-utils parsers are cheap, and this keeps no shared state. */
    public static Cron parse(String expression) {
        Cron cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)).parse(expression);
        return cron.validate();
    }

    /** Why the expression is not valid, or empty when it is. */
    public static Optional<String> problem(String expression) {
        if (expression.trim().split("\\s+").length != 5) {
            return Optional.of("a cron expression has 5 fields (minute hour day-of-month month day-of-week),"
                    + " e.g. \"0 3 * * *\" for 03:00 every day");
        }
        try {
            parse(expression);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage() == null ? "not a valid cron expression" : e.getMessage());
        }
    }
}
