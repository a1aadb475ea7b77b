package io.pgkeeper.restore;

import io.pgkeeper.process.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A restored copy's {@code postgresql.auto.conf}, edited as text; pure.
 *
 * <p>A base backup carries the source's file. A primary that was itself restored once may still
 * hold recovery settings there, and a standby holds {@code primary_conninfo}: left in place, the
 * copy would stop at a stale target, follow production as a replica, or delete production's WAL
 * through {@code archive_cleanup_command}. So {@link #strip} removes every such setting, and every
 * block an earlier pgkeeper restore wrote, before pgkeeper adds its own blocks.
 */
public final class AutoConf {
    static final String RECOVERY_BEGIN = "# pgkeeper restore: begin recovery settings (removed once recovery has ended)";
    static final String RECOVERY_END = "# pgkeeper restore: end recovery settings";
    static final String COPY_BEGIN = "# pgkeeper restore: begin settings of this copy";
    static final String COPY_END = "# pgkeeper restore: end settings of this copy";
    /** What the first pgkeeper versions wrote before their recovery settings, without an end marker. */
    private static final String OLD_MARKER = "# recovery settings written by pgkeeper restore";
    /** Only recovery reads these; in a restored copy they point at the source's recovery, target or primary. */
    private static final Pattern RECOVERY_SETTING = Pattern.compile(
            "\\s*(recovery_target\\w*|restore_command|primary_conninfo|primary_slot_name|archive_cleanup_command|recovery_end_command"
                    + "|recovery_min_apply_delay)\\s*=.*", Pattern.CASE_INSENSITIVE);

    private AutoConf() {}

    /** @param removed the lines taken out, as the result reports them (conninfo passwords redacted) */
    public record Stripped(String text, List<String> removed) {}

    public static Stripped strip(String text) {
        List<String> kept = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        boolean inBlock = false;
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.equals(RECOVERY_BEGIN) || l.equals(COPY_BEGIN)) {
                inBlock = true;
                continue;
            }
            if (l.equals(RECOVERY_END) || l.equals(COPY_END)) {
                inBlock = false;
                continue;
            }
            if (l.equals(OLD_MARKER)) {
                continue;
            }
            if (inBlock && !l.isEmpty() && !l.startsWith("#")) {
                removed.add(Redactor.redact(l));
                continue;
            }
            if (RECOVERY_SETTING.matcher(line).matches()) {
                removed.add(Redactor.redact(l));
                continue;
            }
            kept.add(line);
        }
        return new Stripped(String.join("\n", kept), List.copyOf(removed));
    }

    /** The file with pgkeeper's recovery block added; the copy block is permanent, the recovery one is not. */
    public static String withBlocks(String stripped, List<String> copySettings, List<String> recoverySettings) {
        StringBuilder sb = new StringBuilder(stripped.stripTrailing());
        if (!sb.isEmpty()) {
            sb.append('\n');
        }
        if (!copySettings.isEmpty()) {
            sb.append(COPY_BEGIN).append('\n');
            copySettings.forEach(s -> sb.append(s).append('\n'));
            sb.append(COPY_END).append('\n');
        }
        if (!recoverySettings.isEmpty()) {
            sb.append(RECOVERY_BEGIN).append('\n');
            recoverySettings.forEach(s -> sb.append(s).append('\n'));
            sb.append(RECOVERY_END).append('\n');
        }
        return sb.toString();
    }

    /** The file without pgkeeper's recovery block: what stays once the copy has promoted. */
    public static String withoutRecoveryBlock(String text) {
        List<String> kept = new ArrayList<>();
        boolean inBlock = false;
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.equals(RECOVERY_BEGIN)) {
                inBlock = true;
            } else if (l.equals(RECOVERY_END)) {
                inBlock = false;
            } else if (!inBlock) {
                kept.add(line);
            }
        }
        return String.join("\n", kept);
    }

    /**
     * postgresql.conf with every active line of these settings commented out; empty when there was
     * none. In a copy, {@code data_directory} would point at the source's data directory (and the
     * server would start that one), {@code external_pid_file} at the source's pid file.
     */
    public static java.util.Optional<String> commentedOut(String postgresqlConf, java.util.Collection<String> settings) {
        List<String> out = new ArrayList<>();
        boolean changed = false;
        for (String line : postgresqlConf.split("\n", -1)) {
            String l = line.strip().toLowerCase(Locale.ROOT);
            boolean hit = settings.stream().anyMatch(name -> l.matches(Pattern.quote(name) + "\\s*=.*"));
            if (hit) {
                out.add("# " + line.strip() + "   # commented out by pgkeeper restore: it belongs to the source, not to this copy");
                changed = true;
            } else {
                out.add(line);
            }
        }
        return changed ? java.util.Optional.of(String.join("\n", out)) : java.util.Optional.empty();
    }

    /** The last {@code name = value} of a setting in the text, unquoted; GUC names ignore case. */
    public static java.util.Optional<String> value(String text, String name) {
        java.util.Optional<String> found = java.util.Optional.empty();
        Pattern p = Pattern.compile("\\s*" + Pattern.quote(name.toLowerCase(Locale.ROOT)) + "\\s*=\\s*(.*?)\\s*(#.*)?", Pattern.CASE_INSENSITIVE);
        for (String line : text.split("\n")) {
            var m = p.matcher(line);
            if (m.matches()) {
                String v = m.group(1);
                found = java.util.Optional.of(v.startsWith("'") && v.endsWith("'") && v.length() >= 2 ? v.substring(1, v.length() - 1).replace("''", "'") : v);
            }
        }
        return found;
    }
}
