package io.netpoll.net;

import java.util.Objects;

/**
 * A DNS NS record (Go's {@code net.NS}): a name server, rooted ({@code "ns1.example.com."}).
 *
 * @param host the name server's name, rooted
 */
public record NS(String host) {

    /**
     * An NS record.
     *
     * @param host the name server's name, rooted
     */
    public NS {
        Objects.requireNonNull(host, "host");
    }
}
