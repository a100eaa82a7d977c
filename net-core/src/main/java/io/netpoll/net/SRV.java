package io.netpoll.net;

/** A DNS SRV record (Go's {@code net.SRV}, RFC 2782): a target, rooted, and its port, priority and weight. */
public record SRV(String target, int port, int priority, int weight) {}
