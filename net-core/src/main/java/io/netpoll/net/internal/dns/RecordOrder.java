// Mirrors the sorting half of Go's src/net/dnsclient.go (byPref, byPriorityWeight).
package io.netpoll.net.internal.dns;

import io.netpoll.net.MX;
import io.netpoll.net.SRV;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The orders Go gives MX and SRV answers: MX by preference with equal preferences in random
 * order (RFC 5321 5.1), SRV by priority and, within one priority, by RFC 2782's weighted random
 * selection.
 */
public final class RecordOrder {

    private RecordOrder() {}

    /** Go's {@code byPref.sort}: a random shuffle, then a stable sort by preference. */
    public static List<MX> sortMX(List<MX> mxs, RandomGenerator random) {
        List<MX> s = new ArrayList<>(mxs);
        for (int i = 0; i < s.size(); i++) {
            Collections.swap(s, i, random.nextInt(i + 1));
        }
        s.sort(Comparator.comparingInt(MX::pref));
        return List.copyOf(s);
    }

    /** Go's {@code byPriorityWeight.sort}: by priority then weight, then RFC 2782 within each priority. */
    public static List<SRV> sortSRV(List<SRV> srvs, RandomGenerator random) {
        List<SRV> s = new ArrayList<>(srvs);
        s.sort(Comparator.comparingInt(SRV::priority).thenComparingInt(SRV::weight));
        int i = 0;
        for (int j = 1; j < s.size(); j++) {
            if (s.get(i).priority() != s.get(j).priority()) {
                shuffleByWeight(s.subList(i, j), random);
                i = j;
            }
        }
        shuffleByWeight(s.subList(i, s.size()), random);
        return List.copyOf(s);
    }

    /**
     * RFC 2782: repeatedly pick the next record at random with probability proportional to its
     * weight among those not yet picked; records of weight 0 stay at the end, in order.
     */
    static void shuffleByWeight(List<SRV> addrs, RandomGenerator random) {
        int sum = 0;
        for (SRV a : addrs) {
            sum += a.weight();
        }
        int from = 0;
        while (sum > 0 && addrs.size() - from > 1) {
            int s = 0;
            int n = random.nextInt(sum);
            for (int i = from; i < addrs.size(); i++) {
                s += addrs.get(i).weight();
                if (s > n) {
                    if (i > from) {
                        Collections.swap(addrs, from, i);
                    }
                    break;
                }
            }
            sum -= addrs.get(from).weight();
            from++;
        }
    }
}
