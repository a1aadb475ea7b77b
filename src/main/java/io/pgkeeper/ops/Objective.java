package io.pgkeeper.ops;

/**
 * One line of {@code pgkeeper status}: what was found and, when the policy sets an objective for
 * it, whether it holds.
 *
 * @param name e.g. {@code newest logical backup}
 * @param objective e.g. {@code maxBackupAge 26h}; null when not configured (reported, not judged)
 * @param met null when not judged
 * @param ageSeconds null when there is nothing to measure (no backup, no WAL, no passing verify)
 */
public record Objective(String name, String found, Long ageSeconds, String objective, Boolean met) {

    public boolean missed() {
        return Boolean.FALSE.equals(met);
    }
}
