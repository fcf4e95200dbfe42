package io.monitor.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopologyDetectorTest {
    static final int ROWS = 3000;
    static final int BURST = 2400;
    static final int WARMUP = 100;

    /** One count per minute, Poisson(5) noise, and a burst of 40 per minute for five minutes from row 2400. */
    static List<LocalDateTime> times() {
        List<LocalDateTime> ts = new ArrayList<>();
        LocalDateTime t0 = LocalDateTime.of(2026, 3, 2, 0, 0);
        for (int i = 0; i < ROWS; i++) {
            ts.add(t0.plusMinutes(i));
        }
        return ts;
    }

    static double[] counts(boolean burst) {
        Random r = new Random(42);
        double[] v = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            v[i] = poisson(r, 5) + (burst && i >= BURST && i < BURST + 5 ? 40 : 0);
        }
        return v;
    }

    static int poisson(Random r, double mean) {
        double l = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    @Test
    void givenAQuietCountSeriesWithABurst_thenTheScorePeaksAtTheBurstAndStaysLowOnTheQuietPartAfterWarmUp() {
        double[] scores = TopologyDetector.scoreAll(times(), counts(true));

        int peak = 0;
        for (int i = 1; i < ROWS; i++) {
            if (scores[i] > scores[peak]) {
                peak = i;
            }
        }
        assertThat(peak).as("the highest score is the burst's first minute").isEqualTo(BURST);
        assertThat(scores[BURST]).as("the product opens an incident at the burst").isGreaterThanOrEqualTo(0.75);
        double[] quiet = Arrays.copyOfRange(scores, WARMUP, BURST);
        assertThat(Arrays.stream(quiet).max().orElseThrow()).as("no incident on the quiet part").isLessThan(0.5);
        double[] sorted = quiet.clone();
        Arrays.sort(sorted);
        assertThat(sorted[(int) (sorted.length * 0.99)]).as("99th percentile of the quiet scores").isLessThan(0.3);
        // Later minutes of the same burst are part of the open incident: not a new alarm.
        for (int i = BURST + 1; i < BURST + 5; i++) {
            assertThat(scores[i]).as("row %d", i).isLessThan(0.5);
        }
    }

    @Test
    void aScoreOfAtLeastOneHalfIsExactlyWhereTheProductOpensAnIncident() {
        TopologyDetector d = new TopologyDetector(TopologyDetector.Config.DEFAULT);
        List<LocalDateTime> ts = times();
        double[] v = counts(true);
        int opened = 0;
        for (int i = 0; i < ROWS; i++) {
            TopologyDetector.Result r = d.next(ts.get(i), v[i]);
            assertThat(r.score() >= NabBacktest.PRODUCT_THRESHOLD).as("row %d", i).isEqualTo(r.opened());
            if (r.opened()) {
                opened++;
                assertThat(r.spike()).isTrue();
            }
        }
        assertThat(opened).isEqualTo(1);
    }

    @Test
    void eachScoreUsesOnlyTheRowsUpToIt() {
        List<LocalDateTime> ts = times();
        double[] with = TopologyDetector.scoreAll(ts, counts(true));
        double[] without = TopologyDetector.scoreAll(ts, counts(false));
        // Identical up to the burst (the same seed), so the scores before it cannot depend on it.
        assertThat(Arrays.copyOf(with, BURST)).containsExactly(Arrays.copyOf(without, BURST));
        assertThat(with[BURST]).isGreaterThan(without[BURST]);
    }

    @Test
    void valuesAreMappedToCountsByTheRunningMedianWhateverTheirUnit() {
        // The same series in bytes instead of counts scores the same: the mapping is relative to the running median.
        List<LocalDateTime> ts = times();
        double[] v = counts(true);
        double[] bytes = Arrays.stream(v).map(x -> x * 1_000_000).toArray();
        assertThat(TopologyDetector.scoreAll(ts, bytes)).containsExactly(TopologyDetector.scoreAll(ts, v));
    }

    /**
     * Incidents opened per day at the rush hour (8:00–9:00, 20 per 5-minute window, else 2) or, with {@code nightBurst},
     * at 3:00–3:15 (20 per window on day 8 only). Incidents at other hours are not counted: with 2 per window
     * the rule's own false alarms (9 where 1.5 were expected, p ~ 1e-5) happen about once in three days.
     */
    static int[] incidentsPerDay(TopologyDetector.Config config, boolean nightBurst) {
        TopologyDetector d = new TopologyDetector(config);
        Random r = new Random(7);
        LocalDateTime t0 = LocalDateTime.of(2026, 3, 2, 0, 0);
        int[] perDay = new int[10];
        for (int i = 0; i < 10 * 288; i++) {
            LocalDateTime t = t0.plusMinutes(5L * i);
            double mean = t.getHour() == 8 ? 20 : 2;
            if (nightBurst && i / 288 == 8 && t.getHour() == 3 && t.getMinute() < 15) {
                mean = 20;
            }
            if (d.next(t, poisson(r, mean)).opened() && t.getHour() == (nightBurst ? 3 : 8)) {
                perDay[i / 288]++;
            }
        }
        return perDay;
    }

    @Test
    void givenADailyRush_whenTheSeasonalProfileIsReady_thenTheRushNoLongerAlertsButANightBurstStillDoes() {
        TopologyDetector.Config on = TopologyDetector.Config.DEFAULT;
        TopologyDetector.Config off = new TopologyDetector.Config(on.unitsPerMedian(), on.scaleRows(), on.minNegative(),
                on.spikeFactor(), on.alpha(), on.baselineWindows(), on.warmupRows(), on.resolveRows(), false,
                on.seasonalMinDays());

        int[] plain = incidentsPerDay(off, false);
        int[] seasonal = incidentsPerDay(on, false);
        int[] withBurst = incidentsPerDay(on, true);

        // Without the profile the rush is a fresh spike every morning.
        assertThat(Arrays.stream(plain).min().orElseThrow()).as(Arrays.toString(plain)).isPositive();
        // With it: the first days alert (nothing learnt yet); from day 3 on (3 days = 72 hours learnt) the rush is
        // expected.
        assertThat(seasonal[0]).as(Arrays.toString(seasonal)).isPositive();
        assertThat(Arrays.copyOfRange(seasonal, 3, 10)).as(Arrays.toString(seasonal)).containsOnly(0);
        // A burst of the rush's size at 3:00, when 2 are usual, is still news.
        assertThat(withBurst[8]).as(Arrays.toString(withBurst)).isEqualTo(1);
    }
}
