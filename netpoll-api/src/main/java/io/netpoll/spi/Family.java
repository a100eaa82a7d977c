package io.netpoll.spi;

/** Address family of a socket. */
public enum Family {
    INET, INET6, UNIX
}
