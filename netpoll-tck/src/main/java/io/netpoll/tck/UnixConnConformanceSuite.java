// Runs nettest's TestConn over a Unix stream, as x/net's TestTestConn does for "unix".
package io.netpoll.tck;

import io.netpoll.net.Conn;
import io.netpoll.net.Net;
import io.netpoll.net.UnixListener;

import java.io.IOException;

/** {@link ConnConformanceSuite} over a Unix stream connection: c1 dialed, c2 accepted. */
public abstract class UnixConnConformanceSuite extends ConnConformanceSuite {

    /** For the one-line subclass that runs this suite on a provider. */
    protected UnixConnConformanceSuite() {
    }

    @Override
    protected ConnPair makePipe() throws IOException {
        Unix tmp = Unix.tempDir();
        try {
            UnixListener ln = (UnixListener) Net.listen("unix", tmp.path());
            try {
                Conn c1 = Net.dial("unix", GoText.addr(ln.addr()));
                Conn c2;
                try {
                    c2 = ln.accept();
                } catch (IOException | RuntimeException e) {
                    c1.close();
                    throw e;
                }
                return new ConnPair(c1, c2, () -> {
                    try (tmp; ln; c2; c1) {
                        // closes both ends, the listener, then the directory
                    }
                });
            } catch (IOException | RuntimeException e) {
                ln.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            tmp.close();
            throw e;
        }
    }
}
