package io.pgkeeper.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/** The options every subcommand accepts, as one value. */
record GlobalOptions(Optional<Path> policy, Optional<String> cluster, boolean json, boolean verbose, boolean quiet, boolean dryRun) {

    /** The root command's options, from any subcommand's spec (inherited options live on the root). */
    static GlobalOptions of(CommandLine.Model.CommandSpec spec) {
        return ((PgKeeperCommand) spec.root().userObject()).globals();
    }
}
