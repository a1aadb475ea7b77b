package io.pgkeeper.engine.pgbackrest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text report of {@code pgbackrest verify --output=text --verbose}. pgbackrest exits 0 even
 * when it finds damage, so this is what decides: a stanza status other than ok, a backup whose
 * status is not valid, or any non-zero count of missing or invalid files is a problem.
 */
public record PgBackRestVerifyOutput(boolean ok, String summary, List<String> problems) {
    private static final Pattern STATUS = Pattern.compile("^status: (\\S+)");
    private static final Pattern BACKUP = Pattern.compile("^\\s*backup: (\\S+), status: ([^,]+)");
    private static final Pattern COUNTS = Pattern.compile("(missing|checksum invalid|size invalid|other): (\\d+)");

    public PgBackRestVerifyOutput {
        problems = List.copyOf(problems);
    }

    public static PgBackRestVerifyOutput parse(String text) {
        List<String> problems = new ArrayList<>();
        String status = null;
        int backups = 0;
        String context = "";
        for (String line : text.split("\n")) {
            Matcher s = STATUS.matcher(line);
            if (s.find()) {
                status = s.group(1);
                continue;
            }
            Matcher b = BACKUP.matcher(line);
            if (b.find()) {
                backups++;
                context = "backup " + b.group(1);
                if (!b.group(2).strip().equals("valid")) {
                    problems.add(line.strip());
                }
                continue;
            }
            if (line.strip().startsWith("archiveId:")) {
                context = line.strip();
            }
            Matcher c = COUNTS.matcher(line);
            while (c.find()) {
                if (!c.group(2).equals("0")) {
                    problems.add(context + ": " + c.group(1) + " " + c.group(2));
                }
            }
        }
        if (status == null) {
            problems.add("pgbackrest verify printed no status line; its output was: " + (text.isBlank() ? "(nothing)" : text.strip()));
        } else if (!status.equals("ok")) {
            problems.add(0, "stanza status: " + status);
        }
        return new PgBackRestVerifyOutput(problems.isEmpty(), "status " + status + ", " + backups + " backup(s) checked", problems);
    }
}
