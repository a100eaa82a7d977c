package io.netpoll.spi;

/** Socket type: a byte stream or datagrams. */
public enum SocketType {
    STREAM, DATAGRAM
}
