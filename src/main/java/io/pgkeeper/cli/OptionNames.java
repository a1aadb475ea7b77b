package io.pgkeeper.cli;

/**
 * The names of the global options, one table for picocli's {@code @Option}s and for the small
 * parser of {@link ArchiveFastPath}, which must accept them exactly as the full CLI does.
 */
final class OptionNames {
    static final String POLICY = "--policy";
    static final String CLUSTER = "--cluster";
    static final String QUIET = "--quiet";
    /** archive push/get (and the worker): the spool of archive.async, which the launcher's shell check reads too. */
    static final String SPOOL = "--spool";
    static final String QUIET_SHORT = "-q";
    /** picocli's standard help option, which every command has through mixinStandardHelpOptions. */
    static final String VERSION = "--version";
    static final String VERSION_SHORT = "-V";

    private OptionNames() {}
}
