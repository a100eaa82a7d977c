package io.netpoll.posix.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference count decides when the poller's descriptors are closed: never while a call uses them. */
class PollerDescriptorsTest {

    private final List<Integer> closed = new ArrayList<>();
    private final PollerDescriptors descriptors = new PollerDescriptors("test poller", closed::add, 7, 5);
    private int wakeups;

    @Test
    void closeWithNoCallInFlightClosesEveryDescriptorInOrderAtOnce() throws IOException {
        descriptors.close(() -> wakeups++);
        assertEquals(List.of(7, 5), closed);
        assertEquals(1, wakeups);
    }

    @Test
    void closeWhileACallIsInFlightClosesWhenTheLastCallLeaves() throws IOException {
        descriptors.enter();
        descriptors.enter();
        descriptors.close(() -> wakeups++);
        assertEquals(1, wakeups, "close wakes a blocked poll");
        assertEquals(List.of(), closed);
        descriptors.exit();
        assertEquals(List.of(), closed);
        descriptors.exit();
        assertEquals(List.of(7, 5), closed);
    }

    @Test
    void callsAfterCloseAreRefusedAndASecondCloseDoesNothing() throws IOException {
        descriptors.close(() -> wakeups++);
        assertFalse(descriptors.tryEnter());
        IOException e = assertThrows(IOException.class, descriptors::enter);
        assertEquals("test poller is closed", e.getMessage());
        descriptors.close(() -> wakeups++);
        assertEquals(1, wakeups);
        assertEquals(List.of(7, 5), closed);
    }

    @Test
    void aFailedWakeupStillClosesTheDescriptors() {
        assertThrows(IOException.class, () -> descriptors.close(() -> {
            throw new IOException("wakeup failed");
        }));
        assertFalse(descriptors.tryEnter());
        assertEquals(List.of(7, 5), closed);
    }

    @Test
    void enterAndExitBeforeCloseCloseNothing() throws IOException {
        assertTrue(descriptors.tryEnter());
        descriptors.exit();
        descriptors.enter();
        descriptors.exit();
        assertEquals(List.of(), closed);
    }
}
