package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.verify.ExternalBackups;
import io.pgkeeper.verify.VerifyRequest;
import io.pgkeeper.verify.VerifySubject;
import java.util.regex.Pattern;

/** The pgBackRest backups a verify request names, read from {@code pgbackrest info}, as subjects of the one verify pipeline. */
final class PgBackRestVerifyTargets implements ExternalBackups {
    /** pgBackRest's backup labels: 20261121-060308F, 20261121-060308F_20261121-060310D (or I). */
    private static final Pattern LABEL = Pattern.compile("\\d{8}-\\d{6}F(_\\d{8}-\\d{6}[DI])?");

    private final RunContext ctx;

    PgBackRestVerifyTargets(RunContext ctx) {
        this.ctx = ctx;
    }

    /** Physical or every kind, and latest or a pgBackRest label. */
    @Override
    public boolean claims(VerifyRequest request) {
        return request.kind().map(k -> k == BackupKind.PHYSICAL).orElse(true)
                && (request.backupId().equals("latest") || request.kind().isPresent() || LABEL.matcher(request.backupId()).matches());
    }

    @Override
    public VerifySubject find(VerifyRequest request) {
        PgBackRestTool tool = PgBackRestTool.open(ctx);
        PgBackRestInfo info = tool.info();
        String id = request.backupId();
        PgBackRestBackup backup = id.equals("latest")
                ? info.latest().orElseThrow(() -> PgKeeperException.usage("stanza " + info.stanza() + " has no pgBackRest backup to verify ("
                        + info.statusMessage() + ")", "take one first: pgkeeper basebackup"))
                : info.find(id).orElseThrow(() -> PgKeeperException.usage("stanza " + info.stanza() + " has no backup " + id,
                        "see pgkeeper list --kind physical"));
        return new VerifySubject(backup.label(), ctx.cluster().name(), BackupKind.PHYSICAL, () -> tool.info().find(backup.label()).isPresent(),
                new PgBackRestVerification(ctx, tool, backup));
    }
}
