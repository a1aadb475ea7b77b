package io.pgkeeper.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table of contents {@code pg_restore --list} prints for an archive: its header (the name of
 * the database it was dumped from) and one line per entry. Pure.
 */
public record TocListing(Optional<String> dbname, List<String> entries) {

    private static final String DBNAME = ";     dbname: ";
    private static final List<String> DATABASE_ENTRIES = List.of("DATABASE - ", "DATABASE PROPERTIES - ",
            "COMMENT - DATABASE ", "ACL - DATABASE ", "SECURITY LABEL - DATABASE ");

    public TocListing {
        entries = List.copyOf(entries);
    }

    public static TocListing parse(String listing) {
        Optional<String> dbname = Optional.empty();
        List<String> entries = new ArrayList<>();
        for (String line : listing.split("\n", -1)) {
            if (line.startsWith(DBNAME) && dbname.isEmpty()) {
                dbname = Optional.of(line.substring(DBNAME.length()));
            } else if (!line.isBlank() && !line.startsWith(";") && line.matches("^\\d+;.*")) {
                entries.add(line);
            }
        }
        return new TocListing(dbname, entries);
    }

    /** The entries {@code pg_restore --create} adds for the database itself: DATABASE, its properties, comment, ACL, labels. */
    public List<String> databaseEntries() {
        return entries.stream().filter(TocListing::isDatabaseEntry).toList();
    }

    static boolean isDatabaseEntry(String line) {
        // "<dumpId>; <catalog oid> <oid> <description> <schema> <tag> <owner>"
        String[] head = line.split(" ", 4);
        if (head.length < 4) {
            return false;
        }
        String rest = head[3];
        return DATABASE_ENTRIES.stream().anyMatch(rest::startsWith);
    }
}
