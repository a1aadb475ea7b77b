package io.pgkeeper.verify;

/**
 * Physical backups that an engine keeps outside pgkeeper's repository (pgBackRest's): which
 * verify requests they answer, and the one backup a request names, with the steps that prove it.
 * The pipeline, the verdicts and verify.log stay {@link VerifyService}'s.
 */
public interface ExternalBackups {

    /** Whether the request is for these backups rather than for pgkeeper's repository. */
    boolean claims(VerifyRequest request);

    /** The backup the request names; a usage error when there is none. */
    VerifySubject find(VerifyRequest request);
}
