package io.netpoll.tck;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the rows of one of Go's table tests and reports every failing row at once, as Go's
 * {@code t.Errorf} does, so a single run shows the whole table's state.
 */
final class Rows {

    @FunctionalInterface
    interface Row {
        void run() throws Exception;
    }

    private final List<AssertionError> failures = new ArrayList<>();

    void run(String name, Row row) {
        try {
            row.run();
        } catch (AssertionError e) {
            failures.add(new AssertionError(name + ": " + e.getMessage(), e));
        } catch (Exception e) {
            failures.add(new AssertionError(name + ": " + e, e));
        }
    }

    /** Fails with every failed row (the first as the cause, the rest suppressed). */
    void verify() {
        if (failures.isEmpty()) {
            return;
        }
        StringBuilder names = new StringBuilder();
        for (AssertionError f : failures) {
            names.append("\n  ").append(f.getMessage());
        }
        AssertionError all = new AssertionError(failures.size() + " row(s) failed:" + names, failures.get(0));
        failures.subList(1, failures.size()).forEach(all::addSuppressed);
        throw all;
    }
}
