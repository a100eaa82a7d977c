// Mirrors Go's UnixListener (src/net/unixsock.go, unixsock_posix.go).
package io.netpoll.net.internal;

import io.netpoll.net.UnixConn;
import io.netpoll.net.UnixListener;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Unix domain stream listener. It made the socket file when it bound, so close removes that file,
 * first and only once (a file that appears at the path after the first close is not touched), then
 * closes the socket. An abstract name ("@name") has no file and is never unlinked.
 */
final class NetUnixListener extends NetListener implements UnixListener {

    private final AtomicBoolean unlinked = new AtomicBoolean();

    NetUnixListener(NetFD fd) {
        super(fd);
    }

    @Override
    public UnixConn accept() throws IOException {
        return new NetUnixConn(acceptFD());
    }

    @Override
    public void close() throws IOException {
        if (unlinked.compareAndSet(false, true)) {
            unlink();
        }
        super.close();
    }

    private void unlink() {
        String path = ((UnixDomainSocketAddress) fd.laddr()).getPath().toString();
        if (path.isEmpty() || path.charAt(0) == '@') {
            return;
        }
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException | InvalidPathException | SecurityException e) {
            // Go ignores the unlink error too: the socket is closed all the same.
        }
    }
}
