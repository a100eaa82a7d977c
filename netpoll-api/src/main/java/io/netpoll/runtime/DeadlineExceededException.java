package io.netpoll.runtime;

import java.net.SocketTimeoutException;

/** Go's {@code os.ErrDeadlineExceeded}: "i/o timeout". {@code bytesTransferred} holds a partial write. */
public final class DeadlineExceededException extends SocketTimeoutException {
    /**
     * The error of an operation past its deadline.
     */
    public DeadlineExceededException() {
        super("i/o timeout");
    }
}
