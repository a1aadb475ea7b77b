package io.pgkeeper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TocListingTest {
    static final String LISTING = """
            ;
            ; Archive created at 2026-12-01 08:49:31 UTC
            ;     dbname: My App; DROP
            ;     TOC Entries: 7
            ;     Format: CUSTOM
            ;
            ; Selected TOC Entries:
            ;
            3339; 1262 16387 DATABASE - My App; DROP app_owner
            3340; 0 0 COMMENT - DATABASE "My App; DROP" app_owner
            5; 2615 2200 SCHEMA - public pg_database_owner
            3341; 0 0 ACL - DATABASE "My App; DROP" app_owner
            3342; 0 0 DATABASE PROPERTIES - My App; DROP app_owner
            215; 1259 16390 TABLE public DATABASE app_owner
            3343; 0 0 COMMENT - TABLE DATABASE app_owner
            3344; 0 0 SECURITY LABEL - DATABASE x dummy
            """;

    @Test
    void readsTheDumpedNameAndTheDatabasesOwnEntries() {
        TocListing toc = TocListing.parse(LISTING);
        assertEquals(Optional.of("My App; DROP"), toc.dbname());
        assertEquals(8, toc.entries().size());
        assertEquals(List.of("3339", "3340", "3341", "3342", "3344"),
                toc.databaseEntries().stream().map(l -> l.substring(0, l.indexOf(';'))).toList());
    }

    @Test
    void anArchiveWithoutHeaderHasNoName() {
        assertEquals(Optional.empty(), TocListing.parse("").dbname());
    }
}
