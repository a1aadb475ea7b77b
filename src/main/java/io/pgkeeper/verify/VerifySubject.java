package io.pgkeeper.verify;

import io.pgkeeper.repository.BackupKind;
import java.util.function.BooleanSupplier;

/**
 * One backup as the verify pipeline runs it, wherever it is kept.
 *
 * @param id as reports and verify.log name it
 * @param stillThere false once a concurrent prune or expire removed it: a failure then proves nothing
 * @param run its steps
 */
public record VerifySubject(String id, String cluster, BackupKind kind, BooleanSupplier stillThere, SandboxVerification run) {}
