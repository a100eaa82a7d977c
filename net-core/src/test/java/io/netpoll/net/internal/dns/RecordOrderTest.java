package io.netpoll.net.internal.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpoll.net.MX;
import io.netpoll.net.SRV;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MX and SRV ordering, after Go's dnsclient_test.go. */
class RecordOrderTest {

    @Test
    void mxByPreferenceWithEqualOnesInRandomOrder() {
        List<MX> in = List.of(new MX("c.", 20), new MX("a.", 10), new MX("b.", 10), new MX("d.", 30));
        Random random = new Random(1);
        Set<List<MX>> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            List<MX> out = RecordOrder.sortMX(in, random);
            assertEquals(List.of(10, 10, 20, 30), out.stream().map(MX::pref).toList());
            seen.add(out);
        }
        assertEquals(2, seen.size(), "both orders of the two preference-10 records appear");
    }

    @Test
    void srvByPriorityThenWeight() {
        List<SRV> in = List.of(new SRV("low.", 1, 20, 0), new SRV("a.", 1, 10, 60), new SRV("b.", 1, 10, 40),
                new SRV("zero.", 1, 10, 0));
        Random random = new Random(7);
        Map<String, Integer> firsts = new HashMap<>();
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            List<SRV> out = RecordOrder.sortSRV(in, random);
            assertEquals(List.of(10, 10, 10, 20), out.stream().map(SRV::priority).toList());
            assertEquals("zero.", out.get(2).target(), "weight 0 comes after every weighted record of its priority");
            assertEquals("low.", out.get(3).target());
            firsts.merge(out.get(0).target(), 1, Integer::sum);
        }
        // RFC 2782: chosen first with probability weight/sum: 60% and 40%.
        double a = firsts.get("a.") / (double) n;
        assertTrue(a > 0.55 && a < 0.65, "a first " + a);
        assertEquals(n, firsts.get("a.") + firsts.get("b."));
    }

    @Test
    void allZeroWeightsKeepTheirOrder() {
        List<SRV> in = List.of(new SRV("x.", 1, 5, 0), new SRV("y.", 1, 5, 0));
        assertEquals(in, RecordOrder.sortSRV(in, new Random(3)));
    }
}
