package io.netpoll.spi;

/** Address family of a socket. */
public enum Family {
    /** IPv4 ({@code AF_INET}). */
    INET,
    /** IPv6 ({@code AF_INET6}). */
    INET6,
    /** Unix domain sockets ({@code AF_UNIX}). */
    UNIX
}
