package io.pgkeeper.check;

import java.util.List;

/**
 * One probe of {@code pgkeeper check}: what was tested, the verdict, what was seen, and the fix.
 *
 * @param evidence what the probe saw that backs the verdict (server answers, log lines, paths); may be empty
 * @param fix what to do about it; null when the finding is ok
 */
public record Finding(String name, Level level, String message, List<String> evidence, String fix) {

    public enum Level { ok, warn, fail }

    public Finding {
        evidence = List.copyOf(evidence);
    }

    static Finding ok(String name, String message, String... evidence) {
        return new Finding(name, Level.ok, message, List.of(evidence), null);
    }

    static Finding warn(String name, String message, String fix, String... evidence) {
        return new Finding(name, Level.warn, message, List.of(evidence), fix);
    }

    static Finding fail(String name, String message, String fix, String... evidence) {
        return new Finding(name, Level.fail, message, List.of(evidence), fix);
    }

    /** Physical-only findings fail only where physical backups are in use; elsewhere they warn. */
    static Finding failOrWarn(boolean fail, String name, String message, String fix, String... evidence) {
        return fail ? fail(name, message, fix, evidence) : warn(name, message, fix, evidence);
    }

    Finding withEvidence(List<String> more) {
        List<String> all = new java.util.ArrayList<>(evidence);
        all.addAll(more);
        return new Finding(name, level, message, all, fix);
    }
}
