package io.netpoll.kqueue;

/** Prints the kqueue provider's availability: run in a child JVM by {@link KqueueProviderTest}. */
public final class PrintAvailability {

    private PrintAvailability() {
    }

    public static void main(String[] args) {
        System.out.println(new KqueueProvider().availability());
    }
}
