package io.pgkeeper.ops;

/**
 * One finding of {@code pgkeeper check}.
 *
 * @param fix what to do about it; null when the finding is ok
 */
public record Finding(String name, Level level, String message, String fix) {

    public enum Level { ok, warn, fail }

    static Finding ok(String name, String message) {
        return new Finding(name, Level.ok, message, null);
    }

    static Finding warn(String name, String message, String fix) {
        return new Finding(name, Level.warn, message, fix);
    }

    static Finding fail(String name, String message, String fix) {
        return new Finding(name, Level.fail, message, fix);
    }

    /** Physical-only findings fail only where physical backups are in use; elsewhere they warn. */
    static Finding failOrWarn(boolean fail, String name, String message, String fix) {
        return fail ? fail(name, message, fix) : warn(name, message, fix);
    }
}
