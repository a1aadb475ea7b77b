package io.pgkeeper.check;

import java.util.List;

/**
 * What {@code pgkeeper check} found.
 *
 * @param archiveCommand the exact archive_command line this policy and cluster want
 * @param serverUser the OS user that runs archive_command and must own the repository
 */
public record CheckReport(String cluster, String archiveCommand, String serverUser, List<Finding> findings) {

    public CheckReport {
        findings = List.copyOf(findings);
    }

    public boolean failed() {
        return findings.stream().anyMatch(f -> f.level() == Finding.Level.fail);
    }

    public long count(Finding.Level level) {
        return findings.stream().filter(f -> f.level() == level).count();
    }
}
