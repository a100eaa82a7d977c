package io.netpoll.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How an availability reads: a note says how an available provider runs, a reason why one cannot. */
class AvailabilityTest {

    @Test
    void availableWithAndWithoutANote() {
        assertEquals("available", Availability.yes().toString());
        assertSame(Availability.yes(), Availability.yes(""));
        Availability ffm = Availability.yes("ffm");
        assertTrue(ffm.available());
        assertEquals("available (ffm)", ffm.toString());
    }

    @Test
    void unavailableSaysWhy() {
        Availability no = Availability.no("JNA is not on the class path", new NoClassDefFoundError("com/sun/jna/Native"));
        assertEquals("unavailable: JNA is not on the class path: java.lang.NoClassDefFoundError: com/sun/jna/Native",
                no.toString());
    }
}
