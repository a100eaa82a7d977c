package io.netpoll.net;

import java.util.Objects;

/**
 * A DNS MX record (Go's {@code net.MX}): a mail exchanger, rooted ({@code "mail.example.com."}), and its preference.
 *
 * @param host the mail exchanger's name, rooted
 * @param pref its preference: lower first
 */
public record MX(String host, int pref) {

    /**
     * An MX record.
     *
     * @param host the mail exchanger's name, rooted
     * @param pref its preference: lower first
     */
    public MX {
        Objects.requireNonNull(host, "host");
    }
}
