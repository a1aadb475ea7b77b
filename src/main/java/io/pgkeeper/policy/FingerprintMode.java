package io.pgkeeper.policy;

/**
 * What dump records so that verify can tell a faithful restore from a broken one: exact row
 * counts in the dump's own snapshot, planner estimates, or nothing beyond the schema hash.
 */
public enum FingerprintMode {
    EXACT,
    ESTIMATE,
    OFF
}
