package io.pgkeeper.postgres.schema;

/**
 * One way a restored schema differs from the recorded one.
 *
 * @param kind what differs: {@code table}, {@code column}, {@code constraint}, {@code index}, {@code function}, {@code database}...
 *     (pg_dump's entry type in lower case, or {@code column} and {@code column order} inside a table)
 * @param object the qualified name: {@code public.orders}, {@code public.orders.amount}
 * @param recorded the recorded definition, or null when the object exists only after the restore
 * @param restored the restored definition, or null when it is missing after the restore
 * @param knownEffect null for a real difference; otherwise why pg_dump itself produces it on a
 *     faithful dump and restore, so it says nothing against the backup
 */
public record SchemaDifference(String kind, String object, String recorded, String restored, String knownEffect) {

    public boolean known() {
        return knownEffect != null;
    }

    /** One line for people, e.g. {@code column public.orders.amount: recorded "amount numeric", restored "amount integer"}. */
    public String describe() {
        String what = kind + " " + object;
        String text;
        if (restored == null) {
            text = what + " is missing after the restore (recorded: " + clip(recorded) + ")";
        } else if (recorded == null) {
            text = what + " exists after the restore but not in the backup (restored: " + clip(restored) + ")";
        } else {
            text = what + " differs: recorded " + clip(recorded) + ", restored " + clip(restored);
        }
        return known() ? text + "; " + knownEffect : text;
    }

    private static String clip(String s) {
        String one = s.replace('\n', ' ').replaceAll("\\s+", " ");
        return "\"" + (one.length() > 160 ? one.substring(0, 157) + "..." : one) + "\"";
    }
}
