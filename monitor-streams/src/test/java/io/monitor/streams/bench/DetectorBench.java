package io.monitor.streams.bench;

import io.monitor.core.config.DetectorSettings;
import io.monitor.core.model.PlannedEvent;
import io.monitor.streams.detect.NegativeSpikeDetector;
import io.monitor.streams.detect.PlannedEvents;
import io.monitor.streams.detect.SeasonalProfile;
import io.monitor.streams.detect.ShareShiftDetector;
import io.monitor.streams.detect.WindowHistory;
import io.monitor.streams.topology.BrandState;
import io.monitor.streams.topology.Topologies;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/**
 * Prints what one evaluation of a brand's window costs (the work done on every pane update), with the plain spike
 * rule alone and with the seasonal baseline, the planned-event lookups and the negative-share rule added, and what
 * a brand's state costs to write (JSON, on every punctuation while the brand is active) without and with the
 * seasonal profile. Default settings: 1-minute windows of six 10-second panes, 30 baseline windows.
 *
 * <pre>./mvnw -q -o -pl monitor-streams test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp monitor-streams/target/test-classes:monitor-streams/target/classes:$(cat monitor-streams/target/cp.txt) \
 *     io.monitor.streams.bench.DetectorBench 2000000</pre>
 */
public final class DetectorBench {
    private static final long PANE = 10_000;
    private static final long WINDOW = 60_000;
    private static final int BASELINE = 30;

    private DetectorBench() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "2000000");
        long now = Instant.parse("2026-11-26T08:05:00Z").toEpochMilli();
        Random r = new Random(3);
        BrandState state = new BrandState();
        for (long p = now - 40 * WINDOW; p < now; p += PANE) {
            state.history.observe(p, p, r.nextInt(4));
            state.volumes.observe(p, p, 10 + r.nextInt(6));
        }
        SeasonalProfile profile = new SeasonalProfile();
        for (long p = now - 3 * 86_400_000L; p < now - 40 * WINDOW; p += PANE) {
            profile.observe(p, PANE, r.nextInt(4), false, false);
        }
        NegativeSpikeDetector spike = new NegativeSpikeDetector(8, 3.0, 1e-4);
        ShareShiftDetector share = ShareShiftDetector.of(DetectorSettings.defaults().negativeShare());
        PlannedEvents events = PlannedEvents.of(new PlannedEvent(1, "e", "nordbahn", "Launch", Instant.ofEpochMilli(now + 3_600_000),
                Instant.ofEpochMilli(now + 7_200_000), PlannedEvent.Mode.RAISE, 2, false, null, null));

        long sink = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long start = now - WINDOW + (i % 6) * PANE - 5 * PANE;
                sink += plain(spike, state.history, start);
            }
            double plainNs = (System.nanoTime() - t0) / (double) n;
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long start = now - WINDOW + (i % 6) * PANE - 5 * PANE;
                sink += full(spike, share, state, profile, events, start);
            }
            double fullNs = (System.nanoTime() - t0) / (double) n;
            if (round == 2) {
                System.out.printf(Locale.ROOT, "evaluation per pane update: spike rule alone %.0f ns; with seasonal baseline,"
                        + " planned events and negative-share rule %.0f ns (+%.0f ns)%n", plainNs, fullNs, fullNs - plainNs);
            }
        }

        BrandState without = new BrandState();
        without.history = state.history;
        without.volumes = state.volumes;
        BrandState with = state;
        with.extras.seasonal = profile;
        for (int round = 0; round < 3; round++) {
            int m = 20_000;
            long t0 = System.nanoTime();
            int size0 = 0;
            for (int i = 0; i < m; i++) {
                size0 = Topologies.STATE_SERDE.toBytes(without).length;
            }
            double a = (System.nanoTime() - t0) / (double) m;
            t0 = System.nanoTime();
            int size1 = 0;
            for (int i = 0; i < m; i++) {
                size1 = Topologies.STATE_SERDE.toBytes(with).length;
            }
            double b = (System.nanoTime() - t0) / (double) m;
            if (round == 2) {
                System.out.printf(Locale.ROOT, "brand state write: %d bytes in %.1f us without the"
                        + " seasonal profile; %d bytes in %.1f us with a 3-day profile%n", size0, a / 1000,
                        size1, b / 1000);
            }
        }
        System.out.println(sink == 42 ? "" : "(checksum " + (sink & 0xff) + ")");
    }

    /** What the spike processor did per pane update before the new rules. */
    private static long plain(NegativeSpikeDetector spike, WindowHistory h, long start) {
        long observed = h.sum(start, start + WINDOW);
        long[] history = h.paneHistory(start, WINDOW, BASELINE);
        return spike.evaluate(observed, observed * 4, history, true).spike() ? 1 : 0;
    }

    /** The same with what the new rules add (as DetectionExtras does it). */
    private static long full(NegativeSpikeDetector spike, ShareShiftDetector share, BrandState s, SeasonalProfile profile,
                             PlannedEvents events, long start) {
        long observed = s.history.sum(start, start + WINDOW);
        long volume = s.volumes.sum(start, start + WINDOW);
        long[] starts = new long[BASELINE];
        long[] neg = new long[BASELINE];
        int n = 0;
        for (long w = start - WINDOW; n < BASELINE; w -= WINDOW) {
            if (!events.during("nordbahn", w, w + WINDOW).inEvent()) {
                starts[n] = w;
                neg[n] = s.history.sum(w, w + WINDOW);
                n++;
            }
        }
        double[] factors = profile.factors(starts, WINDOW, start, 0.5 * PANE / WINDOW);
        double[] rescaled = new double[BASELINE];
        for (int k = 0; k < BASELINE; k++) {
            rescaled[k] = neg[k] * factors[k];
        }
        PlannedEvents.Applicable a = events.during("nordbahn", start, start + WINDOW);
        NegativeSpikeDetector.Adjustment adj = new NegativeSpikeDetector.Adjustment(a.thresholdFactor(), a.muted(),
                () -> "seasonal baseline: " + a.describe());
        long x = spike.evaluate(observed, volume, rescaled, true, adj).spike() ? 1 : 0;
        long[] vol = new long[BASELINE];
        // the share rule reads volumes only when the share could be judged (as in DetectionExtras)
        if (volume >= share.minVolume() && observed >= share.minIncrease() * volume) {
            for (int k = 0; k < BASELINE; k++) {
                vol[k] = s.volumes.sum(starts[k], starts[k] + WINDOW);
            }
        }
        return x + (share.evaluate(observed, volume, 0, neg, vol, new double[BASELINE], true, adj).shift() ? 1 : 0);
    }
}
