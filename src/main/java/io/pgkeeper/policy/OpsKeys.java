package io.pgkeeper.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What running unattended needs: {@code clusters.<name>.schedule} and {@code objectives}, and the
 * top-level {@code notify} and {@code metrics}.
 */
final class OpsKeys {
    static final Key<String> FULL = Key.value("full", ValueTypes.CRON, "`pgkeeper basebackup --type full`.");
    static final Key<String> DIFF = Key.value("diff", ValueTypes.CRON, "`pgkeeper basebackup --type diff`.");
    static final Key<String> INCR = Key.value("incr", ValueTypes.CRON, "`pgkeeper basebackup --type incr`.");
    static final Section BASEBACKUP_TYPES = Section.of(
            "`schedule.basebackup` by backup type (pgBackRest's types): one cron expression each.", FULL, DIFF, INCR);

    static final Key<String> DUMP = Key.value("dump", ValueTypes.CRON, "`pgkeeper dump`.");
    static final Key<String> BASEBACKUP = Key.value("basebackup", ValueTypes.CRON,
            "`pgkeeper basebackup`; the mapping form (`full`, `diff`, `incr`) adds `--type full` and so on.")
            .orBlock(BASEBACKUP_TYPES);
    static final Key<String> VERIFY = Key.value("verify", ValueTypes.CRON, "`pgkeeper verify`.");
    static final Key<String> PRUNE = Key.value("prune", ValueTypes.CRON, "`pgkeeper prune`.");
    static final Section SCHEDULE_KEYS = Section.of(
            "Standard 5-field cron expressions (minute hour day-of-month month day-of-week, as crontab(5) reads them),"
            + " parsed and validated by cron-utils; a bad one is reported as `FILE:LINE:COLUMN`. `pgkeeper schedule`"
            + " turns them into crontab lines or systemd units (see [operations.md](operations.md)).",
            DUMP, BASEBACKUP, VERIFY, PRUNE);

    static final Key<Duration> MAX_BACKUP_AGE = Key.value("maxBackupAge", ValueTypes.DURATION,
            "The newest completed backup of each kind (those the cluster has or schedules) must be younger.");
    static final Key<Duration> MAX_ARCHIVE_LAG = Key.value("maxArchiveLag", ValueTypes.DURATION,
            "The newest archived WAL segment (its file time) must be younger.");
    static final Key<Duration> MAX_VERIFY_AGE = Key.value("maxVerifyAge", ValueTypes.DURATION,
            "The newest passing verify must be younger.");
    static final Section OBJECTIVE_KEYS = Section.of(
            "Judged by `pgkeeper status`, which exits 3 when one is missed. An objective left out is reported but"
            + " not judged.",
            MAX_BACKUP_AGE, MAX_ARCHIVE_LAG, MAX_VERIFY_AGE);

    static final Key<List<String>> COMMAND = Key.value("command", ValueTypes.TEXT_LIST,
            "The program (absolute path) and its arguments; gets the JSON on stdin.");
    static final Key<String> WEBHOOK = Key.value("webhook", ValueTypes.text("URL"),
            "`http` or `https`; the JSON is POSTed (`Content-Type: application/json`), retried once.");
    static final Key<Integer> TIMEOUT_SECONDS = Key.value("timeoutSeconds", ValueTypes.wholeNumber(1, 3600),
            "A command is killed after it, a webhook request abandoned.").byDefault(30);
    static final Section NOTIFIER_KEYS = Section.of("One notifier: a command, or a webhook.",
            COMMAND, WEBHOOK, TIMEOUT_SECONDS)
            .exactlyOne(COMMAND, WEBHOOK, "a notifier has exactly one of them",
                    "must have exactly one of command (a list: program and arguments) and webhook (an http or https URL)");

    static final Key<Void> ON_FAILURE = Key.list("onFailure", NOTIFIER_KEYS, "Told when a run fails.").unset("none");
    static final Key<Void> ON_SUCCESS = Key.list("onSuccess", NOTIFIER_KEYS, "Told when a run succeeds.").unset("none");
    static final Key<Void> ON_RECOVERY = Key.list("onRecovery", NOTIFIER_KEYS,
            "Told on the first success of a command on a cluster after it failed.").unset("none");
    static final Section NOTIFY_KEYS = Section.of(
            "Notifiers hear about `dump`, `basebackup`, `restore`, `verify`, `prune` and `archive check`, and get"
            + " the run's JSON result, the document `--json` prints. A notifier that fails is logged; it never"
            + " changes the run's exit code. Dry runs notify no one.",
            ON_FAILURE, ON_SUCCESS, ON_RECOVERY);

    static final Key<Path> TEXTFILE = Key.value("textfile", ValueTypes.PATH,
            "A Prometheus textfile for node_exporter's textfile collector, rewritten whole and atomically after each"
            + " run, mode 0644.");
    static final Section METRICS_KEYS = Section.of("", TEXTFILE);

    private OpsKeys() {}
}
