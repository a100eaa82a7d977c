package io.netpoll.net;

/** A DNS MX record (Go's {@code net.MX}): a mail exchanger, rooted ({@code "mail.example.com."}), and its preference. */
public record MX(String host, int pref) {}
