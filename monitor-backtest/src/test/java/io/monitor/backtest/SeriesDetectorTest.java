package io.monitor.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The series detector on synthetic series with known anomalies (5-minute sampling, seeded noise). */
class SeriesDetectorTest {
    static final LocalDateTime T0 = LocalDateTime.of(2026, 1, 5, 0, 0);

    static List<LocalDateTime> times(int n) {
        List<LocalDateTime> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(T0.plusMinutes(5L * i));
        }
        return t;
    }

    static double[] noise(int n, double mean, double sd, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * r.nextGaussian();
        }
        return v;
    }

    static SeriesDetector.Result[] run(double[] v) {
        SeriesDetector d = new SeriesDetector();
        List<LocalDateTime> t = times(v.length);
        SeriesDetector.Result[] out = new SeriesDetector.Result[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = d.next(t.get(i), v[i]);
        }
        return out;
    }

    static double max(SeriesDetector.Result[] r, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, r[i].score());
        }
        return m;
    }

    @Test
    void aSpikeInStationaryNoiseScoresAboveEveryQuietPoint() {
        double[] v = noise(1500, 10, 1, 1);
        v[1200] = 30;
        SeriesDetector.Result[] r = run(v);
        assertThat(r[1200].zPoint()).isGreaterThan(15);
        assertThat(r[1200].score()).isGreaterThan(max(r, 0, 1200)).isGreaterThan(0.5);
    }

    @Test
    void scoresAreOnlineFutureRowsDoNotChangeThem() {
        double[] v = noise(900, 10, 1, 2);
        double[] prefix = Arrays.copyOf(v, 600);
        v[700] = 50;
        double[] full = SeriesDetector.scoreAll(times(900), v);
        double[] part = SeriesDetector.scoreAll(times(600), prefix);
        assertThat(Arrays.copyOf(full, 600)).containsExactly(part);
    }

    @Test
    void aPastSpikeDoesNotInflateTheBaselineForTheNextOne() {
        double[] v = noise(1500, 10, 1, 3);
        for (int i = 1000; i < 1010; i++) {
            v[i] = 30;
        }
        // 1450 is 00:50, far from the time of day of the first spike (11:20 to 12:05), so it is not "seen at this time".
        v[1450] = 30;
        SeriesDetector.Result[] r = run(v);
        assertThat(r[1450].baseline()).isBetween(9.5, 10.5);
        assertThat(r[1450].zPoint()).isGreaterThan(15);
        assertThat(r[1450].score()).isGreaterThan(max(r, 1100, 1450));
    }

    @Test
    void aLevelShiftIsReportedWhenItStartsNotAllAlongIt() {
        double[] v = noise(2000, 10, 1, 4);
        for (int i = 1500; i < 2000; i++) {
            v[i] += 8;
        }
        SeriesDetector.Result[] r = run(v);
        double start = max(r, 1500, 1510);
        assertThat(start).isGreaterThan(max(r, 0, 1500));
        assertThat(max(r, 1700, 2000)).isLessThan(start / 2);
    }

    @Test
    void aDailyShapeUsesTheSeasonalBaselineAndFlagsAPeakValueAtNight() {
        int perDay = 288;
        int n = perDay * 12;
        double[] v = noise(n, 0, 1, 5);
        for (int i = 0; i < n; i++) {
            v[i] += 50 + 30 * Math.sin(2 * Math.PI * i / perDay);
        }
        int night = perDay * 11 + 216; // the daily trough (sin = -1): about 20
        for (int i = night; i < night + 6; i++) {
            v[i] = 80; // the usual daily peak, at the wrong time of day
        }
        SeriesDetector.Result[] r = run(v);
        assertThat(r[night].seasonal()).isTrue();
        assertThat(r[night].baseline()).isBetween(17.0, 23.0);
        assertThat(r[night].score()).isGreaterThan(max(r, perDay * 4, night));
    }

    @Test
    void aWeekdayLevelOnASaturdayIsFlaggedAgainstTheDayOfWeekBaseline() {
        // Hourly, six weeks from Monday 2026-01-05: weekdays around 100, weekends around 20.
        int n = 24 * 7 * 6;
        Random rnd = new Random(6);
        List<LocalDateTime> t = new ArrayList<>();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t.add(T0.plusHours(i));
            boolean weekend = (i / 24) % 7 >= 5;
            v[i] = (weekend ? 20 : 100) + 2 * rnd.nextGaussian();
        }
        int saturdayNoon = 24 * (7 * 5 + 5) + 12;
        v[saturdayNoon] = 100; // a normal weekday value, on a Saturday
        SeriesDetector d = new SeriesDetector();
        SeriesDetector.Result[] r = new SeriesDetector.Result[n];
        for (int i = 0; i < n; i++) {
            r[i] = d.next(t.get(i), v[i]);
        }
        assertThat(r[saturdayNoon].seasonal()).isTrue();
        assertThat(r[saturdayNoon].baseline()).isBetween(15.0, 25.0);
        assertThat(r[saturdayNoon].score()).isGreaterThan(max(r, 24 * 7 * 4, saturdayNoon)).isGreaterThan(0.5);
    }

    @Test
    void aFlatLineScoresZeroEverywhere() {
        double[] v = new double[800];
        Arrays.fill(v, 42.0);
        assertThat(SeriesDetector.scoreAll(times(800), v)).containsOnly(0.0);
    }

    @Test
    void aDailyJobSpikeThatDriftsByMinutesIsNewsOnlyUntilItHasBeenSeenAtThatHourButAHigherOneStillIs() {
        // 5-minute sampling, twelve days of level ~1 with a spike to ~5 around 03:20 every night (±30 min of jitter),
        // and on day 10 a spike of the same height at 12:30, an hour where none was ever seen. Day 11's spike is 15.
        int perDay = 288;
        int n = perDay * 12;
        double[] v = noise(n, 1, 0.05, 7);
        Random r = new Random(8);
        int[] nightly = new int[12];
        for (int d = 0; d < 12; d++) {
            nightly[d] = d * perDay + 40 + (d % 2 == 0 ? -3 : 3) * (d % 3);
            v[nightly[d]] = 5 + 0.3 * r.nextGaussian();
        }
        v[nightly[11]] = 15;
        int noon = 10 * perDay + 150;
        v[noon] = 5;
        SeriesDetector.Result[] r1 = run(v);
        for (int d = 3; d < 11; d++) {
            assertThat(r1[nightly[d]].seenAtThisTime()).as("day %d", d).isTrue();
            assertThat(r1[nightly[d]].score()).as("day %d", d).isLessThan(0.1);
        }
        assertThat(r1[nightly[11]].seenAtThisTime()).isFalse();
        assertThat(r1[nightly[11]].score()).isGreaterThan(0.9);
        assertThat(r1[noon].seenAtThisTime()).isFalse();
        assertThat(r1[noon].score()).isGreaterThan(0.9);
        // Without the envelope every nightly spike scores as news: the envelope is what quiets them.
        double[] plain = SeriesDetector.scoreAll(times(n), v, SeriesDetector.Config.DEFAULT.withoutEnvelope());
        for (int d = 3; d < 11; d++) {
            assertThat(plain[nightly[d]]).as("day %d without envelope", d).isGreaterThan(0.9);
        }
    }

    @Test
    void stationaryNoiseAfterWarmUpScoresFarBelowARealSpike() {
        // Gaussian noise has its records too: over 3 weeks of 5-minute points the highest score after warm-up is
        // about 0.7, near the NAB-optimal threshold (0.674) - a known limit, see the module report. A 10-sigma spike
        // scores clearly above it.
        for (long seed = 1; seed <= 3; seed++) {
            double[] v = noise(6000, 10, 1, seed);
            double[] quiet = SeriesDetector.scoreAll(times(6000), v);
            double max = 0;
            for (int i = 300; i < quiet.length; i++) {
                max = Math.max(max, quiet[i]);
            }
            v[5000] = 20;
            double spike = SeriesDetector.scoreAll(times(6000), v)[5000];
            assertThat(max).as("seed %d", seed).isLessThan(0.8);
            assertThat(spike).as("seed %d", seed).isGreaterThan(0.8).isGreaterThan(max + 0.08);
        }
    }
}
