package io.netpoll.net;

/** A DNS NS record (Go's {@code net.NS}): a name server, rooted ({@code "ns1.example.com."}). */
public record NS(String host) {}
