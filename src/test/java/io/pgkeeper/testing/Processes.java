package io.pgkeeper.testing;

import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.util.OsIdentity;
import java.util.Optional;

/**
 * What the tests' own processes run with, as the CLI's composition root gives pgkeeper: the OS
 * identity of the test JVM, read once, and real runners built on it.
 */
public final class Processes {
    /** Who the tests run as (root on CI). */
    public static final OsIdentity OS = OsIdentity.current();

    private Processes() {}

    public static SystemProcessRunner runner() {
        return new SystemProcessRunner(OS);
    }

    /** The OS user a test server runs as: {@link TestCluster#OS_USER} when the tests run as root, else the tests' own. */
    public static Optional<String> asServer() {
        return OS.runAs(TestCluster.OS_USER);
    }
}
