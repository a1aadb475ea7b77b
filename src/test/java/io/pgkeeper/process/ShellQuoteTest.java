package io.pgkeeper.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuoteTest {
    @Test
    void safeWordsStayBare() {
        assertEquals("/usr/bin/pg_dump", ShellQuote.quote("/usr/bin/pg_dump"));
        assertEquals("--format=c", ShellQuote.quote("--format=c"));
    }

    @Test
    void everythingElseIsSingleQuoted() {
        assertEquals("''", ShellQuote.quote(""));
        assertEquals("'a b'", ShellQuote.quote("a b"));
        assertEquals("'--dbname=dbname='\\''app'\\'''", ShellQuote.quote("--dbname=dbname='app'"));
        assertEquals("'$HOME'", ShellQuote.quote("$HOME"));
        assertEquals("'Ünïcødé'", ShellQuote.quote("Ünïcødé"));
    }

    @Test
    void join() {
        assertEquals("pg_dump 'my db' -x", ShellQuote.join(List.of("pg_dump", "my db", "-x")));
    }
}
