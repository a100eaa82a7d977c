package io.netpoll.net.internal.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of well-formed messages, shared by the round-trip properties and the fuzz loop. */
final class MessageArbitraries {

    private MessageArbitraries() {}

    /** Labels of any bytes but the dot; few distinct ones, so that names share suffixes and compress. */
    static Arbitrary<String> label() {
        Arbitrary<String> any = Arbitraries.strings().withCharRange((char) 0, (char) 255).excludeChars('.')
                .ofMinLength(1).ofMaxLength(63);
        Arbitrary<String> common = Arbitraries.of("www", "example", "com", "netpoll", "test", "_tcp", "_http", "a");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, common), net.jqwik.api.Tuple.of(1, any));
    }

    static Arbitrary<String> name() {
        return label().list().ofMaxSize(8).map(MessageArbitraries::join).filter(n -> wireLength(n) <= 255);
    }

    static String join(List<String> labels) {
        return labels.isEmpty() ? "." : String.join(".", labels) + ".";
    }

    static int wireLength(String name) {
        return name.equals(".") ? 1 : name.length() + 1;
    }

    static Arbitrary<Header> header() {
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<Integer> nibble = Arbitraries.integers().between(0, 15);
        Arbitrary<Boolean> bit = Arbitraries.of(true, false);
        return Combinators.combine(u16, bit, nibble, bit.list().ofSize(7), nibble)
                .as((id, qr, op, b, rc) -> new Header(id, qr, op, b.get(0), b.get(1), b.get(2), b.get(3), b.get(4),
                        b.get(5), rc));
    }

    static Arbitrary<Question> question() {
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
        return Combinators.combine(name(), Arbitraries.oneOf(Arbitraries.of(1, 28, 5, 15, 33, 16, 12), u16),
                Arbitraries.oneOf(Arbitraries.just(1), u16)).as(Question::new);
    }

    static Arbitrary<RData> rdata() {
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFFFFFFL);
        Arbitrary<String> txtString = Arbitraries.strings().withCharRange((char) 0, (char) 255).ofMaxLength(255);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> new RData.A((Inet4Address) addr(b))),
                Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> new RData.AAAA(v6(b))),
                name().map(RData.CNAME::new),
                name().map(RData.NS::new),
                name().map(RData.PTR::new),
                Combinators.combine(u16, name()).as(RData.MX::new),
                Combinators.combine(u16, u16, u16, name()).as(RData.SRV::new),
                txtString.list().ofMaxSize(5).map(RData.TXT::new),
                Combinators.combine(name(), name(), u32, u32, u32, u32, u32).as(RData.SOA::new),
                Combinators.combine(u16, bytes).as(RData.Option::new).list().ofMaxSize(3).map(RData.OPT::new),
                Combinators.combine(Arbitraries.of(99, 65280, 257, 46), bytes).as(RData.Unknown::new));
    }

    static Arbitrary<Resource> resource() {
        return Combinators.combine(name(), Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.longs().between(0, 0xFFFFFFFFL), rdata())
                .as((n, cls, ttl, d) -> new Resource(n, d.type(), cls, ttl, d));
    }

    static Arbitrary<Message> message() {
        Arbitrary<List<Resource>> section = resource().list().ofMaxSize(4);
        return Combinators.combine(header(), question().list().ofMaxSize(2), section, section, section)
                .as(Message::new);
    }

    static InetAddress addr(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Inet6Address v6(byte[] b) {
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
