package io.monitor.streams.topology;

import io.monitor.core.config.DetectionSettings;
import io.monitor.core.config.DetectorSettings;
import io.monitor.core.json.Durations;
import io.monitor.core.model.Alert;
import io.monitor.core.model.PlannedEvent;
import io.monitor.streams.detect.AlertTracker;
import io.monitor.streams.detect.Evidence;
import io.monitor.streams.detect.IncidentState;
import io.monitor.streams.detect.NegativeSpikeDetector;
import io.monitor.streams.detect.PlannedEvents;
import io.monitor.streams.detect.SeasonalProfile;
import io.monitor.streams.detect.ShareShiftDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * What {@link SpikeProcessor} does beside the plain spike rule, kept apart so the processor stays a short wiring:
 * the planned events of the brand ({@link PlannedEvents}, read from the global store), the baseline windows without
 * the panes of planned events, the seasonal rescaling of the spike baseline ({@link SeasonalProfile}), and the
 * negative-share rule ({@link ShareShiftDetector}) with its own incident.
 *
 * <p>Baselines skip every earlier window that overlaps a planned event of the brand. To keep enough windows after
 * a long event, the pane counts are kept longer by the length of the events in reach, up to {@link #MAX_EXTENSION};
 * after a longer event the brand has fewer clean windows and, with none at all, is judged as during warm-up
 * (only a storm alerts) until clean windows exist again.
 */
final class DetectionExtras {
    /** How much longer than the baseline needs pane counts are kept so that baselines can reach behind an event. */
    static final Duration MAX_EXTENSION = Duration.ofHours(6);
    /** Longest stretch of panes fed to the seasonal profile at once (a brand silent for longer restarts it there). */
    static final Duration MAX_FEED = Duration.ofDays(8);

    private final long windowMs;
    private final long advanceMs;
    private final int baselineWindows;
    private final boolean seasonalOn;
    private final int minDays;
    private final ShareShiftDetector share;
    private final Duration window;
    private final AlertTracker tracker;

    private final PlannedEventsView events;

    DetectionExtras(String eventsStoreName, DetectionSettings d, long windowMs, long advanceMs, AlertTracker tracker) {
        DetectorSettings ds = d.detectors();
        this.events = eventsStoreName == null ? null : new PlannedEventsView(eventsStoreName, Duration.ofMillis(advanceMs));
        this.windowMs = windowMs;
        this.advanceMs = advanceMs;
        this.baselineWindows = d.baselineWindows();
        this.seasonalOn = ds.seasonal().enabled();
        this.minDays = ds.seasonal().minDays();
        this.share = ds.negativeShare().enabled() ? ShareShiftDetector.of(ds.negativeShare()) : null;
        this.window = d.window();
        this.tracker = tracker;
    }

    void init(ProcessorContext<?, ?> context) {
        if (events != null) {
            events.init(context);
        }
    }

    /** The planned events as of event time {@code now} (see {@link PlannedEventsView}). */
    PlannedEvents events(long now) {
        return events == null ? PlannedEvents.NONE : events.at(now);
    }

    /**
     * Feeds the panes that left the current window to the seasonal profile (before pruning, which would forget
     * them), then forgets what no baseline can reach: the usual reach plus the planned events' length in it.
     */
    void feedAndPrune(BrandState state, String brand, long start, PlannedEvents ev) {
        BrandExtras x = state.extras;
        if (seasonalOn && state.history.firstSeen != Long.MAX_VALUE) {
            if (x.seasonal == null) {
                x.seasonal = new SeasonalProfile();
            }
            SeasonalProfile s = x.seasonal;
            long first = Math.floorDiv(state.history.firstSeen, advanceMs) * advanceMs;
            long from = Math.max(s.fedUntil == Long.MIN_VALUE ? first : s.fedUntil, start - MAX_FEED.toMillis());
            boolean alerting = state.incident != null || x.shareIncident != null;
            for (long p = from; p < start; p += advanceMs) {
                long negatives = p < x.keptFrom ? 0 : state.history.counts.getOrDefault(p, 0L);
                s.observe(p, advanceMs, negatives, ev.during(brand, p, p + advanceMs).inEvent(), alerting);
            }
            s.fedUntil = Math.max(s.fedUntil, start);
        }
        long reach = (baselineWindows + 1L) * windowMs;
        long extension = Math.min(eventTime(ev, brand, start - reach - MAX_EXTENSION.toMillis(), start),
                MAX_EXTENSION.toMillis());
        long horizon = start - reach - extension;
        if (horizon > x.keptFrom) {
            state.history.pruneBefore(horizon);
            state.volumes.pruneBefore(horizon);
            x.keptFrom = horizon;
        }
    }

    /** Time (ms) covered by the brand's planned events within {@code [from, to)} (overlaps counted once each event). */
    private static long eventTime(PlannedEvents ev, String brand, long from, long to) {
        long total = 0;
        for (PlannedEvent e : ev.during(brand, from, to).events()) {
            total += Math.min(to, e.end().toEpochMilli()) - Math.max(from, e.start().toEpochMilli());
        }
        return Math.max(0, total);
    }

    /**
     * The earlier windows a baseline may use for the window starting at {@code start}: up to {@code baselineWindows}
     * non-overlapping ones stepping back by the window size, skipping those that overlap a planned event, none that
     * began before the brand's first mention or before the kept pane counts.
     */
    Baselines baselines(BrandState state, String brand, long start, PlannedEvents ev) {
        long floor = Math.max(state.history.firstSeen, state.extras.keptFrom);
        long[] starts = new long[baselineWindows];
        int n = 0;
        int skipped = 0;
        for (long s = start - windowMs; n < baselineWindows && s >= floor; s -= windowMs) {
            if (!ev.during(brand, s, s + windowMs).inEvent()) {
                starts[n++] = s;
            } else {
                skipped++;
            }
        }
        starts = java.util.Arrays.copyOf(starts, n);
        long[] negatives = new long[n];
        for (int i = 0; i < n; i++) {
            negatives[i] = state.history.sum(starts[i], starts[i] + windowMs);
        }
        double[] rescaled = new double[n];
        double seasonal = Double.NaN;
        SeasonalProfile s = state.extras.seasonal;
        if (seasonalOn && s != null && s.ready(minDays) && n > 0) {
            // Half an expected negative per window (the spike rule's floor), per pane.
            double[] factors = s.factors(starts, windowMs, start, NegativeSpikeDetector.MIN_EXPECTED * advanceMs / windowMs);
            seasonal = 0;
            for (int i = 0; i < n; i++) {
                rescaled[i] = negatives[i] * factors[i];
                seasonal += factors[i];
            }
            seasonal /= n;
        } else {
            for (int i = 0; i < n; i++) {
                rescaled[i] = negatives[i];
            }
        }
        return new Baselines(start, starts, negatives, rescaled, seasonal, skipped);
    }

    /**
     * The earlier windows of one evaluation: their starts, negatives, the negatives rescaled by the seasonal profile
     * (with the mean factor; NaN when the profile is not in use), and how many windows were skipped because they
     * overlap a planned event. Volumes are read only when the share rule needs them.
     */
    record Baselines(long start, long[] starts, long[] negatives, double[] rescaled, double seasonalFactor, int skipped) {
        long[] volumes(BrandState state, long windowMs) {
            long[] out = new long[starts.length];
            for (int i = 0; i < starts.length; i++) {
                out[i] = state.volumes.sum(starts[i], starts[i] + windowMs);
            }
            return out;
        }

        /** In words, for the explanation (null when the profile is not in use). */
        String seasonalNote() {
            if (Double.isNaN(seasonalFactor)) {
                return null;
            }
            return String.format(Locale.ROOT, "seasonal baseline: this hour (%s UTC, hour %d of the week) usually brings"
                    + " %.1fx the negatives of the hours the earlier windows come from; their counts were scaled by that",
                    java.time.Instant.ofEpochMilli(start).toString().substring(11, 16), SeasonalProfile.hourOfWeek(start),
                    seasonalFactor);
        }
    }

    /** How planned events and the seasonal profile adjust the rules for the window {@code [start, end)}. */
    NegativeSpikeDetector.Adjustment adjustment(PlannedEvents ev, String brand, long start, long end, Baselines b) {
        PlannedEvents.Applicable a = ev.during(brand, start, end);
        if (!a.inEvent() && Double.isNaN(b.seasonalFactor())) {
            return NegativeSpikeDetector.Adjustment.NONE;
        }
        // Built only when an alert is published.
        java.util.function.Supplier<String> note = () -> {
            String seasonal = b.seasonalNote();
            if (!a.inEvent()) {
                return seasonal;
            }
            return (seasonal == null ? "" : seasonal + "; ") + a.describe();
        };
        return new NegativeSpikeDetector.Adjustment(a.thresholdFactor(), a.muted(), note);
    }

    /**
     * The negative-share rule on the window ending with the current pane, through its own incident (labels brand +
     * {@code negative_share_shift}). A new incident needs the condition to hold for one {@code advance} and no open
     * volume-spike incident of the brand (inhibition, as in Alertmanager: a storm is already alerted by the volume
     * rule, which fires on its first records; the share rule is for the storm the volume rule cannot see).
     */
    List<Alert> shareShift(BrandState state, String brand, String brandName, long now, long negatives, long volume,
                           long start, long paneEnd, Baselines b, boolean warmedUp, NegativeSpikeDetector.Adjustment adj,
                           ScoreSums scores, Supplier<Evidence> evidence) {
        if (share == null) {
            return List.of();
        }
        // Volumes are only read when the share could be judged at all (the rule's own first checks); sentiment
        // scores (reported, not tested) only when an alert is published, from the pane store.
        boolean judged = volume >= share.minVolume()
                && negatives >= (share.minIncrease() * adj.thresholdFactor() - 1e-9) * volume;
        int n = b.starts().length;
        long[] volumes = judged ? b.volumes(state, windowMs) : new long[n];
        ShareShiftDetector.Decision d = share.evaluate(negatives, volume, 0, b.negatives(), volumes, new double[n], warmedUp, adj);
        // Like Alertmanager's `for`: a new incident needs the condition to hold for one advance, so that in a storm
        // the volume rule (which fires on the first records) opens first and inhibits this one.
        BrandExtras x = state.extras;
        if (!d.shift()) {
            x.sharePendingSince = Long.MIN_VALUE;
        } else if (x.sharePendingSince == Long.MIN_VALUE) {
            x.sharePendingSince = now;
        }
        boolean holds = d.shift() && (x.shareIncident != null
                || (now - x.sharePendingSince >= advanceMs && state.incident == null));
        AlertTracker.Step step = tracker.onSignal(state.extras.shareIncident, now, ShareShiftDetector.labels(brand), holds,
                d.severity(), d.negatives(), () -> {
                    double[] hist = new double[n];
                    for (int i = 0; i < n; i++) {
                        // The pane store keeps the last DETECTION_RETENTION: older windows' scores are unknown.
                        hist[i] = b.starts()[i] < now - Topologies.DETECTION_RETENTION.toMillis() + advanceMs ? Double.NaN
                                : scores.sum(b.starts()[i], b.starts()[i] + windowMs);
                    }
                    ShareShiftDetector.Decision withScores = share.evaluate(negatives, volume, scores.sum(start, paneEnd),
                            b.negatives(), volumes, hist, warmedUp, adj);
                    return share.annotations(brandName, withScores, window, evidence.get());
                });
        IncidentState before = state.extras.shareIncident;
        state.extras.shareIncident = step.state();
        return reworded(step.publish(), before, now);
    }

    /** Sum of the sentiment scores of a brand's mentions in {@code [from, to)} (read from the pane store). */
    interface ScoreSums {
        double sum(long from, long to);
    }

    /** On a clock tick: resolves a quiet negative-share incident. */
    List<Alert> tick(BrandState state, long now) {
        IncidentState open = state.extras.shareIncident;
        AlertTracker.Step step = tracker.onTick(open, now);
        if (step.publish().isEmpty()) {
            return List.of();
        }
        state.extras.shareIncident = step.state();
        return reworded(step.publish(), open, now);
    }

    /** The tracker's resolution text speaks of spikes; a resolved share alert says what ended. */
    private static List<Alert> reworded(List<Alert> alerts, IncidentState open, long now) {
        if (open == null || alerts.stream().noneMatch(a -> a.state() == Alert.State.RESOLVED)) {
            return alerts;
        }
        List<Alert> out = new java.util.ArrayList<>(alerts.size());
        for (Alert a : alerts) {
            if (a.state() != Alert.State.RESOLVED) {
                out.add(a);
                continue;
            }
            Map<String, String> ann = new LinkedHashMap<>(a.annotations());
            ann.put("resolution", "The negative share has been back within its usual range since "
                    + Instant.ofEpochMilli(open.lastTrue()) + " (for " + Durations.format(Duration.ofMillis(now - open.lastTrue()))
                    + "); the window held at most " + open.peak() + " negative mentions during the incident.");
            out.add(a.resolved(a.endsAt(), ann));
        }
        return out;
    }

    static boolean open(BrandState s) {
        return s.extras != null && s.extras.shareIncident != null;
    }
}
