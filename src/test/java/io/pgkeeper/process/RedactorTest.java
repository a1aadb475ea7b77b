package io.pgkeeper.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void conninfoPasswords() {
        assertEquals("--dbname=host=h password=****** dbname=app", Redactor.redact("--dbname=host=h password=s3cret dbname=app"));
        assertEquals("password = ****** user=x", Redactor.redact("password = 'se cr\\'et' user=x"));
        assertEquals("PASSWORD=******", Redactor.redact("PASSWORD=abc"));
    }

    @Test
    void uriPasswords() {
        assertEquals("postgresql://alice:******@db:5432/app", Redactor.redact("postgresql://alice:s3cret@db:5432/app"));
        assertEquals("postgres://alice:******@db/app", Redactor.redact("postgres://alice:x@db/app"));
    }

    @Test
    void secretFlags() {
        assertEquals("--password=******", Redactor.redact("--password=abc"));
        assertEquals("--s3-key=******", Redactor.redact("--s3-key=abc"));
    }

    @Test
    void harmlessTextUntouched() {
        List<String> argv = List.of("/usr/bin/pg_dump", "--format=c", "--file=/r/app.dump", "--dbname=dbname='app'");
        assertEquals(argv, Redactor.redact(argv));
    }
}
