package io.monitor.streams.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {
    /**
     * Ten heavy keys (h0 600 times, each next one 40 fewer, h9 240) and a long tail of 1,000 keys seen twice each,
     * shuffled: 6,200 in all, so every heavy key is above total/capacity (207 at 30 counters), the bound above which
     * Space-Saving guarantees to keep a key.
     */
    private static List<String> stream(long seed) {
        List<String> out = new ArrayList<>();
        for (int h = 0; h < 10; h++) {
            for (int i = 0; i < truth(h); i++) {
                out.add("h" + h);
            }
        }
        for (int i = 0; i < 2_000; i++) {
            out.add("tail" + (i % 1_000));
        }
        Collections.shuffle(out, new Random(seed));
        return out;
    }

    private static long truth(int h) {
        return 600 - 40L * h;
    }

    @Test
    void theHeavyHittersAreFoundInOrderAmongALongTail() {
        TopK k = new TopK(30);
        for (String s : stream(1)) {
            k.add(s);
        }
        assertThat(k.size()).isEqualTo(30);
        List<TopK.Entry> top = k.top(10);
        assertThat(top).extracting(TopK.Entry::key).containsExactlyInAnyOrder("h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7",
                "h8", "h9");
        assertThat(top).extracting(TopK.Entry::key).startsWith("h0", "h1");
        for (TopK.Entry e : top) {
            long truth = truth(Integer.parseInt(e.key().substring(1)));
            // Space-Saving: the count overestimates by at most its error, never underestimates
            assertThat(e.count()).isBetween(truth, truth + e.error());
            assertThat(e.count() - e.error()).isLessThanOrEqualTo(truth);
        }
    }

    @Test
    void belowCapacityTheCountsAreExact() {
        TopK k = new TopK(30);
        Map<String, Long> truth = new HashMap<>();
        Random r = new Random(3);
        for (int i = 0; i < 1000; i++) {
            String key = "t" + r.nextInt(25);
            k.add(key);
            truth.merge(key, 1L, Long::sum);
        }
        assertThat(k.top(30)).allSatisfy(e -> {
            assertThat(e.count()).isEqualTo(truth.get(e.key()));
            assertThat(e.error()).isZero();
            assertThat(e.hits()).isEqualTo(truth.get(e.key()));
        });
    }

    @Test
    void weightsRankByTotalWeightAndKeepHitsAndTheLargestValue() {
        TopK k = new TopK(5);
        k.add("bluesky:news", 500_001, 500_000);   // one post, half a million followers
        for (int i = 0; i < 40; i++) {
            k.add("bluesky:chatty", 11, 10);         // forty posts, ten followers
        }
        k.add("bluesky:chatty", 21, 20);
        assertThat(k.top(2)).containsExactly(new TopK.Entry("bluesky:news", 500_001, 0, 1, 500_000),
                new TopK.Entry("bluesky:chatty", 40 * 11 + 21, 0, 41, 20));
    }

    @Test
    void theMergeOfTwoHalvesIsTheSummaryOfTheWholeStream() {
        // below capacity in total: exactly the same summary
        TopK a = new TopK(30);
        TopK b = new TopK(30);
        TopK whole = new TopK(30);
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            String key = "k" + r.nextInt(28);
            long w = 1 + r.nextInt(5);
            (i % 3 == 0 ? a : b).add(key, w, w * 10);
            whole.add(key, w, w * 10);
        }
        assertThat(a.merge(b).top(30)).isEqualTo(whole.top(30));

        // far beyond capacity: the merge of two halves still finds the heavy hitters of the whole
        List<String> s = stream(2);
        TopK x = new TopK(30);
        TopK y = new TopK(30);
        for (int i = 0; i < s.size(); i++) {
            (i < s.size() / 2 ? x : y).add(s.get(i));
        }
        List<TopK.Entry> top = x.merge(y).top(10);
        assertThat(top).extracting(TopK.Entry::key).containsExactlyInAnyOrder("h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7",
                "h8", "h9");
        assertThat(top.get(0).key()).isEqualTo("h0");
        for (TopK.Entry e : top) {
            long truth = truth(Integer.parseInt(e.key().substring(1)));
            assertThat(e.count() - e.error()).isLessThanOrEqualTo(truth);
            assertThat(e.count()).isGreaterThanOrEqualTo(truth);
        }
        assertThat(x.size()).isEqualTo(30);
    }

    @Test
    void aCopyCountsOnIndependentlyOfItsOriginal() {
        Random r = new Random(4);
        TopK k = new TopK(5);
        for (int i = 0; i < 40; i++) {
            k.add("k" + r.nextInt(9), 1 + r.nextInt(5), r.nextInt(100));
        }
        List<TopK.Entry> before = k.top(5);
        TopK c = k.copy();
        assertThat(c.top(5)).isEqualTo(before);
        assertThat(c.capacity()).isEqualTo(5);
        for (int i = 0; i < 40; i++) {
            c.add("c" + r.nextInt(9), 7, 1);
        }
        assertThat(k.top(5)).isEqualTo(before);
        k.add("k1", 1000, 5);
        assertThat(c.top(5)).noneMatch(e -> e.key().equals("k1") && e.count() >= 1000);
        assertThat(new TopK(3).copy().size()).isZero();
    }
}
