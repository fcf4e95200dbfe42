package io.monitor.streams.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistinctCountTest {
    private static DistinctCount of(String prefix, int from, int to) {
        DistinctCount d = new DistinctCount();
        for (int i = from; i < to; i++) {
            d.add(prefix + i);
        }
        return d;
    }

    private static double relativeError(long estimate, long truth) {
        return Math.abs(estimate - truth) / (double) truth;
    }

    @Test
    void smallSetsAreCountedExactlyWithRepeatsIgnored() {
        DistinctCount d = new DistinctCount();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < DistinctCount.EXACT_MAX; i++) {
                d.add("bluesky:user" + i);
            }
        }
        assertThat(d.isExact()).isTrue();
        assertThat(d.estimate()).isEqualTo(DistinctCount.EXACT_MAX);
        d.add("bluesky:user0");
        assertThat(d.estimate()).isEqualTo(DistinctCount.EXACT_MAX);
        d.add("bluesky:one-more");
        assertThat(d.isExact()).as("beyond the exact set").isFalse();
        assertThat(relativeError(d.estimate(), DistinctCount.EXACT_MAX + 1)).isLessThan(0.03);
    }

    @Test
    void theEstimateIsWithinAFewPerCentFromHundredsToAHundredThousand() {
        for (int n : new int[]{200, 1_000, 5_000, 10_000, 100_000}) {
            for (String prefix : new String[]{"mastodon:@u", "x:", "did:plc:"}) {
                DistinctCount d = of(prefix, 0, n);
                assertThat(relativeError(d.estimate(), n)).as("%d distinct %s...", n, prefix).isLessThan(0.05);
            }
        }
        // the standard error is 1.04/sqrt(2048) = 2.3 %: over many seeds the mean error sits near it, not far above
        double sum = 0;
        for (int seed = 0; seed < 20; seed++) {
            sum += relativeError(of("s" + seed + ":", 0, 10_000).estimate(), 10_000);
        }
        assertThat(sum / 20).isLessThan(0.03);
    }

    @Test
    void theMergeIsTheSketchOfTheUnion() {
        // overlapping halves: 0..60k and 40k..100k are 100k distinct together
        DistinctCount a = of("a", 0, 60_000);
        DistinctCount b = of("a", 40_000, 100_000);
        DistinctCount union = of("a", 0, 100_000);
        a.merge(b);
        assertThat(a.estimate()).isEqualTo(union.estimate());
        assertThat(relativeError(a.estimate(), 100_000)).isLessThan(0.05);

        // exact with exact stays exact while small, and switches with the same result as adding one by one
        DistinctCount small = of("x", 0, 50).merge(of("x", 25, 100));
        assertThat(small.isExact()).isTrue();
        assertThat(small.estimate()).isEqualTo(100);
        DistinctCount big = of("x", 0, 100).merge(of("x", 100, 300));
        assertThat(big.estimate()).isEqualTo(of("x", 0, 300).estimate());
        // exact into registers, and registers into exact
        assertThat(of("y", 0, 5_000).merge(of("y", 4_990, 5_010)).estimate()).isEqualTo(of("y", 0, 5_010).estimate());
        assertThat(of("y", 4_990, 5_010).merge(of("y", 0, 5_000)).estimate()).isEqualTo(of("y", 0, 5_010).estimate());
    }

    @Test
    void aSketchIsRebuiltFromItsHashesOrRegistersAndRejectsBadRegisters() {
        DistinctCount exact = of("z", 0, 100);
        DistinctCount back = DistinctCount.ofHashes(exact.exactHashes(), exact.exactSize());
        assertThat(back.estimate()).isEqualTo(100);
        DistinctCount regs = of("z", 0, 1000);
        assertThat(DistinctCount.ofRegisters(regs.registersView().clone()).estimate()).isEqualTo(regs.estimate());
        assertThatThrownBy(() -> DistinctCount.ofRegisters(new byte[10])).hasMessageContaining("2048 registers");
        byte[] bad = new byte[DistinctCount.M];
        bad[3] = 99;
        assertThatThrownBy(() -> DistinctCount.ofRegisters(bad).estimate()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("out of range");
        assertThat(new DistinctCount().estimate()).isZero();
        assertThat(DistinctCount.hash("bluesky:alice")).isEqualTo(DistinctCount.hash("bluesky:alice"))
                .isNotEqualTo(DistinctCount.hash("bluesky:alicf"));
        assertThat((double) of("w", 0, 3).estimate()).isCloseTo(3, within(0.0));
    }

    @Test
    void aCopyCountsOnIndependentlyOfItsOriginalExactOrNot() {
        for (int n : new int[] {0, 5, DistinctCount.EXACT_MAX, 5_000}) {
            DistinctCount d = new DistinctCount();
            for (int i = 0; i < n; i++) {
                d.add("a" + i);
            }
            DistinctCount c = d.copy();
            assertThat(c.estimate()).isEqualTo(d.estimate());
            assertThat(c.isExact()).isEqualTo(d.isExact());
            for (int i = 0; i < 3_000; i++) {
                c.add("b" + i);
            }
            long before = d.estimate();
            assertThat(d.estimate()).as("%d values: the original is unchanged", n).isEqualTo(n <= DistinctCount.EXACT_MAX ? n : before);
            assertThat(c.estimate()).isGreaterThan(before);
            d.add("only in the original");
            assertThat(c.copy().estimate()).isEqualTo(c.estimate());
        }
    }
}
