package io.netpoll.spi;

/** Socket type: a byte stream or datagrams. */
public enum SocketType {
    /** A connected byte stream ({@code SOCK_STREAM}): TCP, Unix stream sockets. */
    STREAM,
    /** Datagrams ({@code SOCK_DGRAM}): UDP, Unix datagram sockets. */
    DATAGRAM
}
