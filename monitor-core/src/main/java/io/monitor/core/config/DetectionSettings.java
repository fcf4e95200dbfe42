package io.monitor.core.config;

import java.time.Duration;

/**
 * monitor-streams settings for the first negative-volume spike rule.
 *
 * @param window          length of the counting window (sliding: evaluated every {@code advance})
 * @param advance         how often the window is evaluated
 * @param baselineWindows how many earlier windows form the baseline
 * @param minNegative     minimum negative mentions in a window before an alert can fire
 * @param spikeFactor     how many times the baseline the window must reach
 * @param warmup          no alert before this much history exists for a brand... unless the burst is at least
 *                        {@code minNegative * spikeFactor} (a storm on a brand new brand still alerts)
 * @param resolveAfter    an alert resolves after this long without the condition holding
 * @param stateRetention  how long windowed state is kept
 * @param allowedLateness how late (in event time) a mention may arrive and still be counted in its windows: connectors
 *                        that poll, reconnect or backfill deliver posts minutes after they were written. Later ones
 *                        still reach the enriched topic, and are counted in the metric of dropped records
 * @param repeatInterval  at most how often a still-growing incident is re-published (never zero)
 * @param dedupRetention  how long a mention's key is remembered to drop re-ingested copies
 * @param detectors       the other detectors (seasonal baseline, negative share, silence, emerging terms, reach)
 * @param timelineRetention5m how long the timeline's 5-minute windows are kept (default 7 days, at least
 *                        {@code stateRetention}); the 1-minute windows are kept {@code stateRetention}
 * @param timelineRetention1h how long the timeline's 1-hour windows are kept (default 35 days, at least
 *                        {@code timelineRetention5m})
 */
public record DetectionSettings(Duration window, Duration advance, Integer baselineWindows, Integer minNegative,
                                Double spikeFactor, Duration warmup, Duration resolveAfter, Duration stateRetention,
                                Duration allowedLateness, Duration repeatInterval, Duration dedupRetention,
                                DetectorSettings detectors, Duration timelineRetention5m,
                                Duration timelineRetention1h) {
    public DetectionSettings {
        detectors = detectors == null ? DetectorSettings.defaults() : detectors;
        window = window == null ? Duration.ofMinutes(1) : window;
        advance = advance == null ? Duration.ofSeconds(10) : advance;
        baselineWindows = baselineWindows == null ? 30 : baselineWindows;
        minNegative = minNegative == null ? 8 : minNegative;
        spikeFactor = spikeFactor == null ? 3.0 : spikeFactor;
        warmup = warmup == null ? Duration.ofMinutes(5) : warmup;
        resolveAfter = resolveAfter == null ? Duration.ofMinutes(3) : resolveAfter;
        stateRetention = stateRetention == null ? Duration.ofHours(24) : stateRetention;
        allowedLateness = allowedLateness == null ? Duration.ofMinutes(5) : allowedLateness;
        repeatInterval = repeatInterval == null ? Duration.ofMinutes(10) : repeatInterval;
        dedupRetention = dedupRetention == null ? Duration.ofHours(1) : dedupRetention;
        // defaults follow a longer stateRetention, so that raising it alone never makes the defaults invalid
        timelineRetention5m = timelineRetention5m == null ? longer(Duration.ofDays(7), stateRetention)
                : timelineRetention5m;
        timelineRetention1h = timelineRetention1h == null ? longer(Duration.ofDays(35), timelineRetention5m)
                : timelineRetention1h;
        Check.positive(window, "detection.window");
        Check.positive(advance, "detection.advance");
        Check.require(advance.compareTo(window) <= 0, "detection.advance", "must not be longer than detection.window");
        Check.range(baselineWindows, 1, 10_000, "detection.baselineWindows");
        Check.range(minNegative, 1, 1_000_000, "detection.minNegative");
        Check.range(spikeFactor, 1.0, 1000.0, "detection.spikeFactor");
        Check.require(warmup != null && !warmup.isNegative(), "detection.warmup", "must not be negative");
        Check.positive(resolveAfter, "detection.resolveAfter");
        Check.positive(stateRetention, "detection.stateRetention");
        Check.require(!allowedLateness.isNegative(), "detection.allowedLateness", "must not be negative");
        Check.require(allowedLateness.compareTo(stateRetention) < 0, "detection.allowedLateness",
                "must be shorter than detection.stateRetention");
        Check.positive(repeatInterval, "detection.repeatInterval");
        Check.positive(dedupRetention, "detection.dedupRetention");
        Check.require(timelineRetention5m.compareTo(stateRetention) >= 0, "detection.timelineRetention5m",
                "must be at least detection.stateRetention (" + stateRetention + "), was " + timelineRetention5m);
        Check.require(timelineRetention1h.compareTo(timelineRetention5m) >= 0, "detection.timelineRetention1h",
                "must be at least detection.timelineRetention5m (" + timelineRetention5m + "), was "
                        + timelineRetention1h);
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** All settings but the timeline retentions (at their defaults). */
    public DetectionSettings(Duration window, Duration advance, Integer baselineWindows, Integer minNegative,
                             Double spikeFactor, Duration warmup, Duration resolveAfter, Duration stateRetention,
                             Duration allowedLateness, Duration repeatInterval, Duration dedupRetention,
                             DetectorSettings detectors) {
        this(window, advance, baselineWindows, minNegative, spikeFactor, warmup, resolveAfter, stateRetention,
                allowedLateness, repeatInterval, dedupRetention, detectors, null, null);
    }

    /** The spike rule's settings with the other detectors at their defaults. */
    public DetectionSettings(Duration window, Duration advance, Integer baselineWindows, Integer minNegative,
                             Double spikeFactor, Duration warmup, Duration resolveAfter, Duration stateRetention,
                             Duration allowedLateness, Duration repeatInterval, Duration dedupRetention) {
        this(window, advance, baselineWindows, minNegative, spikeFactor, warmup, resolveAfter, stateRetention,
                allowedLateness, repeatInterval, dedupRetention, null);
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public DetectionSettings withDetectors(DetectorSettings newDetectors) {
        return new DetectionSettings(window, advance, baselineWindows, minNegative, spikeFactor, warmup, resolveAfter,
                stateRetention, allowedLateness, repeatInterval, dedupRetention, newDetectors, timelineRetention5m,
                timelineRetention1h);
    }
}
