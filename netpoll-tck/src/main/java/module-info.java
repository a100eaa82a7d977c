/**
 * The conformance kit: abstract JUnit 5 suites that any netpoll provider runs against itself, ported
 * from Go's {@code net} tests and {@code golang.org/x/net/nettest}. A provider module subclasses each
 * suite in one line and names itself with {@code -Dnetpoll.provider=NAME}.
 */
module io.netpoll.tck {
    requires transitive io.netpoll.net;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires java.management;
    exports io.netpoll.tck;
    opens io.netpoll.tck to org.junit.platform.commons;
}
