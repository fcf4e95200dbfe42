package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowHistoryTest {
    private static final long MIN = 60_000;
    private static final long ADV = 10_000;

    @Test
    void windowsWithoutMentionsAfterTheFirstMentionCountAsZero() {
        WindowHistory h = new WindowHistory();
        h.observe(0, 0, 2);
        h.observe(3 * MIN, 3 * MIN, 5);
        // current window starts at 5 min: earlier non-overlapping windows start at 4, 3, 2, 1, 0 min
        assertThat(h.history(5 * MIN, MIN, ADV, 30)).containsExactly(0, 5, 0, 0, 2);
    }

    @Test
    void historyNeverOverlapsTheCurrentWindow() {
        WindowHistory h = new WindowHistory();
        h.observe(0, 0, 1);
        h.observe(MIN + 30_000, MIN + 20_000, 50); // the window 1:20-2:20 overlaps the current one (1:50-2:50)
        // earlier windows: 0:50-1:50 (no mentions); -0:10-0:50 began before the first mention, so it is no history
        assertThat(h.history(MIN + 50_000, MIN, ADV, 30)).containsExactly(0);
    }

    @Test
    void windowsThatBeganBeforeTheFirstMentionAreNoHistory() {
        WindowHistory h = new WindowHistory();
        h.observe(5_000, -50_000, 1);
        h.observe(5_000, 0, 1);
        assertThat(h.history(50_000, MIN, ADV, 30)).isEmpty();
        assertThat(h.history(70_000, MIN, ADV, 30)).containsExactly(0); // 0:10-1:10 is fully observed
    }

    @Test
    void countsOnlyGrowWhileAWindowIsOpen() {
        WindowHistory h = new WindowHistory();
        h.observe(0, 0, 3);
        h.observe(1, 0, 2);
        assertThat(h.counts.get(0L)).isEqualTo(3);
    }

    @Test
    void warmUpIsMeasuredFromTheFirstMention() {
        WindowHistory h = new WindowHistory();
        assertThat(h.warmedUp(10 * MIN, 5 * MIN)).isFalse();
        h.observe(MIN, MIN, 0);
        assertThat(h.warmedUp(5 * MIN, 5 * MIN)).isFalse();
        assertThat(h.warmedUp(6 * MIN, 5 * MIN)).isTrue();
    }

    @Test
    void pruneKeepsOnlyWhatTheBaselineReaches() {
        WindowHistory h = new WindowHistory();
        for (long s = 0; s < 120 * MIN; s += ADV) {
            h.observe(s, s, 1);
            h.prune(s, MIN, 30);
        }
        assertThat(h.counts.size()).isLessThanOrEqualTo(31 * 6 + 1);
        assertThat(h.history(120 * MIN, MIN, ADV, 30)).hasSize(30).containsOnly(1L);
    }

    @Test
    void withPaneCountsAWindowIsTheSumOfItsPanesAndEarlierWindowsDoNotOverlap() {
        WindowHistory h = new WindowHistory();
        for (long p = 0; p < 5 * MIN; p += ADV) {
            h.observe(p, p, p / ADV % 6 == 0 ? 6 : 1); // one pane of six per minute has 6, the others 1
        }
        assertThat(h.sum(4 * MIN, 5 * MIN)).isEqualTo(11);
        assertThat(h.sum(4 * MIN + 30_000, 5 * MIN)).isEqualTo(3);
        // the window 3:30-4:30: earlier windows 2:30-3:30, 1:30-2:30, 0:30-1:30 (-0:30 began before the first mention)
        assertThat(h.paneHistory(3 * MIN + 30_000, MIN, 30)).containsExactly(11, 11, 11);
        assertThat(h.paneHistory(3 * MIN + 30_000, MIN, 2)).hasSize(2);
    }
}
