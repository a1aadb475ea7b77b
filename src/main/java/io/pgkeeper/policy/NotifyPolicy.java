package io.pgkeeper.policy;

import java.util.List;

/**
 * The top-level {@code notify}: who hears about the runs of dump, basebackup, restore, verify,
 * prune and archive check.
 *
 * @param onRecovery notified on the first success of a command after it failed
 */
public record NotifyPolicy(List<NotifierPolicy> onFailure, List<NotifierPolicy> onSuccess, List<NotifierPolicy> onRecovery) {

    public NotifyPolicy {
        onFailure = List.copyOf(onFailure);
        onSuccess = List.copyOf(onSuccess);
        onRecovery = List.copyOf(onRecovery);
    }

    public static NotifyPolicy none() {
        return new NotifyPolicy(List.of(), List.of(), List.of());
    }
}
