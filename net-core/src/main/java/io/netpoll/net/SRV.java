package io.netpoll.net;

import java.util.Objects;

/**
 * A DNS SRV record (Go's {@code net.SRV}, RFC 2782): a target, rooted, and its port, priority and weight.
 *
 * @param target   the host that offers the service, rooted
 * @param port     the port it offers it on
 * @param priority the priority: lower first
 * @param weight   the weight among records of one priority: higher more often
 */
public record SRV(String target, int port, int priority, int weight) {

    /**
     * An SRV record.
     *
     * @param target   the host that offers the service, rooted
     * @param port     the port it offers it on
     * @param priority the priority: lower first
     * @param weight   the weight among records of one priority: higher more often
     */
    public SRV {
        Objects.requireNonNull(target, "target");
    }
}
