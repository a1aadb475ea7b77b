package io.pgkeeper.cli;

import io.pgkeeper.error.ExitCode;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The exit codes a command can end with, beside its {@code @Command}: its help's "Exit codes:"
 * section is generated from them by {@link ExitCodeHelp}, so no help text spells a number by hand.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Exits {
    Exit[] value();

    /** One exit code; {@code means} says what it means for this command, else {@link ExitCode#description()} does. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Exit {
        ExitCode value();

        String means() default "";
    }
}
