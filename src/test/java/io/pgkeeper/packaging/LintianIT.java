package io.pgkeeper.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgkeeper.testing.BuiltPackage;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** lintian, Debian's package checker, finds no error in the .deb. Skipped where it is not installed. */
class LintianIT {
    @Test
    void lintianReportsNoErrors() {
        Path path = Shell.pathWithoutMaven();
        try {
            assumeTrue(Files.isExecutable(path.resolve("lintian")), "lintian is not installed (scripts/test installs it as root: apt-get install lintian)");
            Cli.Result r = Shell.run(Path.of("/"), Shell.env(path, Map.of()),
                    List.of("lintian", "--fail-on", "error", "--display-info", "--pedantic", BuiltPackage.deb().toAbsolutePath().toString()),
                    Duration.ofMinutes(5));
            // what lintian says is printed for the record: warnings and notes do not fail the build
            System.out.println("lintian " + BuiltPackage.deb().getFileName() + ":\n" + r.out() + r.err());
            assertTrue(r.out().lines().noneMatch(l -> l.startsWith("E: ")), r::toString);
            assertEquals(0, r.exitCode(), r::toString);
        } finally {
            Launcher.deleteQuietly(path);
        }
    }
}
