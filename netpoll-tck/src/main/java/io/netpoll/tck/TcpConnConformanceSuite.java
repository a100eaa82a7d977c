// Runs nettest's TestConn over TCP, as x/net's TestTestConn does.
package io.netpoll.tck;

import java.io.IOException;

/** {@link ConnConformanceSuite} over a loopback TCP connection: c1 dialed, c2 accepted. */
public abstract class TcpConnConformanceSuite extends ConnConformanceSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected TcpConnConformanceSuite() {
    }

    @Override
    protected ConnPair makePipe() throws IOException {
        Tcp.Pair p = Tcp.Pair.open();
        return new ConnPair(p.client(), p.server(), p);
    }
}
