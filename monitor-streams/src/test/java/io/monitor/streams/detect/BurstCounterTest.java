package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BurstCounterTest {
    private static final long PANE = 10_000;
    private static final double ALPHA = 0.05;
    private final BurstCounter c = new BurstCounter();

    private void add(long pane, String key, int times) {
        for (int i = 0; i < times; i++) {
            c.add(pane * PANE, key);
        }
    }

    @Test
    void aSteadyKeysBaselineIsItsMeanPerPaneFromTheFirstPaneOn() {
        for (int p = 0; p < 3; p++) {
            add(p, "kaputt", 2);
        }
        c.roll(3 * PANE, PANE, ALPHA);
        // bias-corrected: three panes of 2 give 2, not 2 * (1 - 0.95^3)
        assertThat(c.perPane("kaputt", ALPHA)).isCloseTo(2.0, within(1e-9));
        assertThat(c.panes).as("folded panes are forgotten").isEmpty();
    }

    @Test
    void aNewHashtagAndASteadyTermTenTimesItsUsualAreBurstsTheOthersAreNot() {
        for (int p = 0; p < 60; p++) {
            add(p, "kaputt", 2);
            add(p, "verspätung", 1);
        }
        c.roll(60 * PANE, PANE, ALPHA);
        add(60, "#stellwerkbrand", 8);  // new: expected floor 0.5 -> 16x
        add(60, "kaputt", 20);          // usually 2 -> 10x
        add(60, "verspätung", 4);       // usually 1 -> 4x: below the factor 5
        add(60, "weiche", 3);           // new but below the minimum count of 6
        List<BurstCounter.Burst> b = c.bursts(60 * PANE, 61 * PANE, 1, ALPHA, 6, 5.0, 0.5, 1e-4);
        assertThat(b).extracting(BurstCounter.Burst::key).containsExactly("#stellwerkbrand", "kaputt");
        assertThat(b.get(0).expected()).isEqualTo(0.5);
        assertThat(b.get(1).expected()).isCloseTo(2.0, within(1e-6));
        assertThat(b.get(1).pValue()).isLessThan(1e-8);
    }

    @Test
    void withTheOverallRiseAsScaleOnlyKeysRisingBeyondEverythingElseBurst() {
        for (int p = 0; p < 60; p++) {
            add(p, "kaputt", 2);
            add(p, BurstCounter.INTERNAL + "all", 2);
        }
        c.roll(60 * PANE, PANE, ALPHA);
        add(60, "kaputt", 14);                      // everything rose 7x: the everyday word with it
        add(60, BurstCounter.INTERNAL + "all", 14);
        add(60, "#stellwerkbrand", 12);             // new
        List<BurstCounter.Burst> b = c.bursts(c.window(60 * PANE, 61 * PANE), 1, ALPHA, 6, 5.0, 0.5, 1e-4, 7.0);
        assertThat(b).extracting(BurstCounter.Burst::key).containsExactly("#stellwerkbrand");
        assertThat(c.bursts(c.window(60 * PANE, 61 * PANE), 1, ALPHA, 6, 5.0, 0.5, 1e-4, 1.0))
                .extracting(BurstCounter.Burst::key).containsExactlyInAnyOrder("#stellwerkbrand", "kaputt");
    }

    @Test
    void aWindowOfSeveralPanesExpectsTheirSum() {
        for (int p = 0; p < 60; p++) {
            add(p, "kaputt", 2);
        }
        c.roll(60 * PANE, PANE, ALPHA);
        for (int p = 60; p < 66; p++) {
            add(p, "kaputt", 5);        // 30 in six panes against an expected 12: 2.5x
        }
        assertThat(c.bursts(60 * PANE, 66 * PANE, 6, ALPHA, 6, 5.0, 0.5, 1e-4)).isEmpty();
        assertThat(c.bursts(60 * PANE, 66 * PANE, 6, ALPHA, 6, 2.0, 0.5, 1e-4)).extracting(BurstCounter.Burst::count)
                .containsExactly(30L);
    }

    @Test
    void aLongQuietDecaysTheBaselineWithoutVisitingEveryPane() {
        add(0, "kaputt", 10);
        c.roll(PANE, PANE, ALPHA);
        c.roll(1_000_000 * PANE, PANE, ALPHA); // eleven days of 10 s panes at once
        assertThat(c.perPane("kaputt", ALPHA)).isZero();
        assertThat(c.folded).isEqualTo(1_000_000);
    }

    @Test
    void aFullPaneKeepsAFrequentKeyBySpaceSaving() {
        for (int i = 0; i < BurstCounter.MAX_PER_PANE; i++) {
            add(0, "rare" + i, 1);
        }
        add(0, "#hot", 10);
        assertThat(c.panes.get(0L)).hasSize(BurstCounter.MAX_PER_PANE);
        // over by at most the pane's minimum count (1) when it took a rare key's place
        assertThat(c.panes.get(0L).get("#hot")).isBetween(10L, 11L);
    }

    @Test
    void aMentionForAPaneAlreadyInTheBaselineIsNotCountedInAWindow() {
        add(0, "kaputt", 1);
        c.roll(5 * PANE, PANE, ALPHA);
        add(2, "kaputt", 1);
        assertThat(c.window(0, 10 * PANE)).isEmpty();
    }
}
