package io.pgkeeper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseListTest {
    @Test
    void readsTheLocaleColumnsEachMajorHas() {
        assertTrue(DatabaseList.localeColumns(140012).startsWith("'c'::text, NULL::text"), "no provider before 15");
        assertEquals("d.datlocprovider::text, d.daticulocale, NULL::text, d.datcollversion", DatabaseList.localeColumns(150018));
        assertEquals("d.datlocprovider::text, d.daticulocale, d.daticurules, d.datcollversion", DatabaseList.localeColumns(160004));
        assertEquals("d.datlocprovider::text, d.datlocale, d.daticurules, d.datcollversion", DatabaseList.localeColumns(170002));
        assertEquals("d.datlocprovider::text, d.datlocale, d.daticurules, d.datcollversion", DatabaseList.localeColumns(180000));
    }

    @Test
    void namesTheProviders() {
        assertEquals("libc", DatabaseList.provider("c"));
        assertEquals("icu", DatabaseList.provider("i"));
        assertEquals("builtin", DatabaseList.provider("b"));
        assertEquals("libc", DatabaseList.provider(null));
    }
}
