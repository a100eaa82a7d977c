package io.netpoll.tck;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of every suite in the kit. Before a suite's tests run, {@link ProviderCheck} makes sure the
 * provider under test is the one the module named and warms it up; after them, {@link WaitersCheck}
 * and {@link FdLeakCheck} make sure nothing is left parked and no descriptor is left open.
 *
 * <p>A provider runs a suite by subclassing it in one line, with {@code -Dnetpoll.provider=NAME} set
 * for its tests: {@code class NioTcpDeadlineTest extends TcpDeadlineSuite {}}.
 */
@ExtendWith({ProviderCheck.class, FdLeakCheck.class, WaitersCheck.class})
public abstract class ProviderSuite {

    /** For the suites of the kit, which a provider's tests subclass. */
    protected ProviderSuite() {
    }
}
