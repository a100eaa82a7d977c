package io.netpoll.net.internal.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the parser: valid messages (generated, plus a server reply) are damaged in
 * the ways an attacker or a broken server would (bit flips, cuts, pointer bytes, huge counts,
 * spliced ranges), and random bytes are thrown in too. For every input the parser must either
 * return a message that re-encodes and re-parses to itself, or throw its own
 * {@link DnsFormatException}; anything else escaping, or a hang, fails the test with the input.
 */
class MessageFuzzTest {

    /**
     * Inputs in all: {@code -Dnetpoll.fuzz.count}, else 10 million under the soak profile
     * ({@code -Dnetpoll.soak=true}), else 220,000; one in eleven is random bytes, the rest mutations.
     */
    private static final long COUNT = Long.getLong("netpoll.fuzz.count", Boolean.getBoolean("netpoll.soak") ? 10_000_000L : 220_000L);
    private static final long RANDOM_INPUTS = COUNT / 11;
    private static final long MUTATIONS = COUNT - RANDOM_INPUTS;
    /** A guard against a hang, not a speed bound: a shared 2-core machine did 5,500 inputs a second. */
    private static final Duration BUDGET = Duration.ofSeconds(Math.max(120, COUNT / 1_000));

    @Test
    void parserOnlyEverThrowsItsOwnException() {
        long seed = Long.getLong("netpoll.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        List<byte[]> corpus = corpus();
        long[] outcomes = new long[2]; // parsed, rejected
        assertTimeoutPreemptively(BUDGET, () -> {
            for (long i = 0; i < MUTATIONS; i++) {
                byte[] input = mutate(corpus.get(random.nextInt(corpus.size())), random);
                outcomes[check(input, seed)]++;
            }
            for (long i = 0; i < RANDOM_INPUTS; i++) {
                byte[] input = new byte[random.nextInt(600)];
                random.nextBytes(input);
                if (input.length >= 12 && random.nextBoolean()) {
                    input[4] = input[6] = input[8] = input[10] = 0; // small counts, so records get parsed
                    input[5] = (byte) random.nextInt(3);
                    input[7] = (byte) random.nextInt(3);
                }
                outcomes[check(input, seed)]++;
            }
        }, "fuzz seed " + seed + " did not finish " + COUNT + " inputs in " + BUDGET);
        System.out.println("MessageFuzzTest: " + COUNT + " inputs, parsed " + outcomes[0] + ", rejected " + outcomes[1]
                + " (seed " + seed + ")");
        // The mutations must exercise both paths, or the test proves nothing.
        assertTrue(outcomes[0] > 1000 && outcomes[1] > 1000,
                "parsed " + outcomes[0] + ", rejected " + outcomes[1] + " (seed " + seed + ")");
    }

    /** Returns 0 when the input parsed (and round-tripped), 1 when the codec rejected it. */
    private static int check(byte[] input, long seed) {
        try {
            Message m = Message.parse(input, input.length);
            byte[] again = m.encode();
            assertEquals(m, Message.parse(again, again.length), () -> "round trip of " + hex(input));
            return 0;
        } catch (DnsFormatException rejected) {
            if (rejected.getMessage() == null || rejected.getMessage().isEmpty()) {
                fail("empty message for " + hex(input));
            }
            return 1;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("seed " + seed + ": " + e + " escaped the parser for " + hex(input), e);
        } finally {
            try {
                Message.parseHead(input, input.length);
            } catch (DnsFormatException expected) {
                // a bad head is as fine as a good one; only other exceptions are failures
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e + " escaped parseHead for " + hex(input), e);
            }
        }
    }

    private static List<byte[]> corpus() {
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(MessageTest.REPLY);
        MessageArbitraries.message().sampleStream().limit(300).forEach(m -> {
            try {
                corpus.add(m.encode());
            } catch (DnsFormatException e) {
                throw new AssertionError(e);
            }
        });
        return corpus;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int n = 1 + random.nextInt(4);
        for (int k = 0; k < n; k++) {
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (random.nextInt(8)) {
                case 0 -> {
                    if (b.length > 0) b[at] ^= (byte) (1 << random.nextInt(8));
                }
                case 1 -> {
                    if (b.length > 0) b[at] = (byte) new int[] {0, 0x3F, 0x40, 0x80, 0xC0, 0xFF, random.nextInt(256)}[random.nextInt(7)];
                }
                case 2 -> b = Arrays.copyOf(b, at); // cut
                case 3 -> { // a compression pointer to anywhere
                    if (b.length > 1) {
                        int target = random.nextInt(b.length + 8);
                        int p = Math.min(at, b.length - 2);
                        b[p] = (byte) (0xC0 | target >> 8 & 0x3F);
                        b[p + 1] = (byte) target;
                    }
                }
                case 4 -> { // a huge or off-by-one section count
                    if (b.length >= 12) {
                        int field = 4 + 2 * random.nextInt(4);
                        int v = random.nextBoolean() ? 0xFFFF : ((b[field] & 0xFF) << 8 | b[field + 1] & 0xFF) + 1;
                        b[field] = (byte) (v >> 8);
                        b[field + 1] = (byte) v;
                    }
                }
                case 5 -> { // splice one range over another
                    if (b.length > 2) {
                        int from = random.nextInt(b.length);
                        int len = random.nextInt(Math.min(32, b.length - Math.max(from, at)) + 1);
                        System.arraycopy(b.clone(), from, b, at, Math.min(len, b.length - at));
                    }
                }
                case 6 -> { // grow with random bytes
                    byte[] tail = new byte[random.nextInt(20)];
                    random.nextBytes(tail);
                    byte[] g = Arrays.copyOf(b, b.length + tail.length);
                    System.arraycopy(tail, 0, g, b.length, tail.length);
                    b = g;
                }
                default -> { // an RDLENGTH-like 16-bit value anywhere
                    if (b.length > 1) {
                        int p = Math.min(at, b.length - 2);
                        int v = random.nextInt(4) == 0 ? 0xFFFF : random.nextInt(64);
                        b[p] = (byte) (v >> 8);
                        b[p + 1] = (byte) v;
                    }
                }
            }
        }
        return b;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
