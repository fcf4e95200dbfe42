package io.monitor.streams.detect;

import java.util.Arrays;

/**
 * A brand's usual level of negative mentions by hour of the week, so that the spike rule expects the Monday 8:00
 * commuter rush and still flags the same count at 3 a.m. Plain data for JSON (public fields), kept in the brand's
 * state; bounded: {@value #HOURS_PER_WEEK} buckets of at most {@value #WEEKS_KEPT} values each.
 *
 * <p>How:
 * <ul>
 *   <li><b>Online.</b> The caller feeds finished panes in time order ({@link #observe}); an hour's value (mean
 *       negatives per pane) enters its hour-of-week bucket when the next hour begins. Nothing is known of an hour
 *       before it ends, so a score at t uses only data up to t. An hour with fewer than half of its panes usable
 *       (the brand started mid-hour, or most of it lay inside a planned event) is left out.</li>
 *   <li><b>Robust.</b> The level of an hour is the <em>median</em> of its values, so one past storm in one week
 *       does not move it. Hour of week needs {@value #MIN_WEEKS} weeks of that hour; before that the hour of day
 *       (median over every day of the week of that hour) is used. After the first day, an hour during which an
 *       alert was open enters capped at twice the level the profile already expected for it (winsorised), so an
 *       incident does not teach the profile that storms are usual; on the first day nothing is expected yet and
 *       alerting hours count as they are (a daily rush alerts until it has been learned; capping it at nothing
 *       would keep it from ever being learned). Panes
 *       inside a planned event do not enter at all.</li>
 *   <li><b>Used after {@code minDays}.</b> {@link #ready} once {@code minDays × 24} hours have entered.</li>
 * </ul>
 * The spike rule uses it through {@link #rescale}: each earlier window's count is multiplied by how much busier
 * the current window's hour usually is than that window's hour, then the robust baseline and the negative-binomial
 * test run on the rescaled counts. Hours are UTC hours; the profile is relative, so the brand's time zone does not
 * matter (a daylight-saving change shifts it by an hour for a few weeks).
 */
public final class SeasonalProfile {
    public static final int HOURS_PER_WEEK = 168;
    /** Weekly values kept per hour-of-week bucket. */
    public static final int WEEKS_KEPT = 4;
    /** Values an hour-of-week bucket needs before it is preferred to the hour of day. */
    public static final int MIN_WEEKS = 3;
    static final long HOUR_MS = 3_600_000L;

    /** Per hour of week (0 = Monday 00:00 UTC): the last {@value #WEEKS_KEPT} hourly values, oldest first, or null. */
    public double[][] buckets = new double[HOURS_PER_WEEK][];
    /** Start (ms) of the hour being accumulated; {@code Long.MIN_VALUE} before the first pane. */
    public long hourStart = Long.MIN_VALUE;
    /** Negatives of the usable panes of the current hour so far. */
    public double hourSum;
    /** Usable panes of the current hour so far (a pane not fed at all does not count). */
    public int hourPanes;
    /** Whether an alert was open during the current hour. */
    public boolean hourAlerting;
    /** Hours that entered a bucket. */
    public int hoursLearned;
    /** Start (ms) of the next pane to feed: the caller's bookkeeping, kept here so it survives restarts. */
    public long fedUntil = Long.MIN_VALUE;

    /** Levels of hours of the week computed since the last change; NaN = not computed (not serialised: private). */
    private final double[] levelCache = emptyCache();
    private final boolean[] levelKnown = new boolean[HOURS_PER_WEEK];

    /**
     * Feeds one finished pane. Panes come in time order; a pane skipped by the caller simply does not count.
     *
     * @param paneStart start of the pane (ms)
     * @param paneMs    pane length (ms), the same on every call
     * @param negatives negatives in the pane
     * @param excluded  the pane lies inside a planned event: it does not enter the profile
     * @param alerting  an alert of the brand was open at that time
     */
    public void observe(long paneStart, long paneMs, long negatives, boolean excluded, boolean alerting) {
        long hour = Math.floorDiv(paneStart, HOUR_MS) * HOUR_MS;
        if (hourStart != Long.MIN_VALUE && hour != hourStart) {
            closeHour(paneMs);
        }
        if (hour != hourStart) {
            hourStart = hour;
            hourSum = 0;
            hourPanes = 0;
            hourAlerting = false;
        }
        if (!excluded) {
            hourSum += negatives;
            hourPanes++;
        }
        hourAlerting |= alerting;
    }

    private void closeHour(long paneMs) {
        long perHour = Math.max(1, HOUR_MS / paneMs);
        if (hourPanes * 2L < perHour) {
            return;
        }
        // Four decimals are plenty for a level (the state is written often: shorter JSON is cheaper).
        double value = Math.round(hourSum / hourPanes * 1e4) / 1e4;
        boolean inUse = hoursLearned >= 24; // at least a day: an expectation exists for this hour
        if (hourAlerting && inUse) {
            double expected = level(hourStart);
            if (!Double.isNaN(expected)) {
                value = Math.min(value, 2 * expected);
            }
        }
        int b = hourOfWeek(hourStart);
        double[] old = buckets[b];
        double[] next;
        if (old == null) {
            next = new double[] {value};
        } else if (old.length < WEEKS_KEPT) {
            next = Arrays.copyOf(old, old.length + 1);
            next[old.length] = value;
        } else {
            next = Arrays.copyOfRange(old, 1, WEEKS_KEPT + 1);
            next[WEEKS_KEPT - 1] = value;
        }
        buckets[b] = next;
        hoursLearned++;
        Arrays.fill(levelKnown, false);
    }

    /** Whether enough has been learned for the profile to be used: {@code minDays} days of hours. */
    public boolean ready(int minDays) {
        return hoursLearned >= minDays * 24;
    }

    /**
     * The usual negatives per pane in the hour holding {@code t}: the median of its hour-of-week bucket once it has
     * {@value #MIN_WEEKS} weeks, else the median of that hour of day over all days; NaN when nothing is known.
     */
    public double level(long t) {
        int how = hourOfWeek(t);
        if (levelKnown[how]) {
            return levelCache[how];
        }
        double[] own = buckets[how];
        double v;
        if (own != null && own.length >= MIN_WEEKS) {
            v = median(own.clone());
        } else {
            int hod = how % 24;
            double[] all = new double[7 * WEEKS_KEPT];
            int n = 0;
            for (int d = 0; d < 7; d++) {
                double[] b = buckets[d * 24 + hod];
                if (b != null) {
                    for (double x : b) {
                        all[n++] = x;
                    }
                }
            }
            v = n == 0 ? Double.NaN : median(Arrays.copyOf(all, n));
        }
        levelCache[how] = v;
        levelKnown[how] = true;
        return v;
    }

    private static double[] emptyCache() {
        double[] c = new double[HOURS_PER_WEEK];
        Arrays.fill(c, Double.NaN);
        return c;
    }

    /**
     * The usual negatives per pane over {@code [from, to)}: the {@link #level} of each hour it touches, weighted by
     * the overlap (a window across 8:00 is partly the quiet hour before the rush); NaN when no hour is known.
     */
    public double levelOver(long from, long to) {
        double sum = 0;
        long known = 0;
        for (long h = Math.floorDiv(from, HOUR_MS) * HOUR_MS; h < to; h += HOUR_MS) {
            long overlap = Math.min(to, h + HOUR_MS) - Math.max(from, h);
            double l = level(h);
            if (!Double.isNaN(l) && overlap > 0) {
                sum += l * overlap;
                known += overlap;
            }
        }
        return known == 0 ? Double.NaN : sum / known;
    }

    /**
     * Earlier windows' counts rescaled to the hours of the current window: {@code count × (L(now) + floor) /
     * (L(then) + floor)}, L being {@link #levelOver} each window. The floor (negatives per pane) keeps
     * an hour that is usually empty from turning one mention into a huge factor. A window whose hour or the
     * current one has no level keeps its count.
     *
     * @param counts       earlier windows' counts
     * @param starts       their starts (ms), same order
     * @param windowMs     window length
     * @param currentStart start of the current window
     * @param floor        added to both levels
     */
    public double[] rescale(long[] counts, long[] starts, long windowMs, long currentStart, double floor) {
        double[] out = factors(starts, windowMs, currentStart, floor);
        for (int i = 0; i < counts.length; i++) {
            out[i] *= counts[i];
        }
        return out;
    }

    /** The factors {@link #rescale} applies to earlier windows starting at {@code starts} (1 where a level is unknown). */
    public double[] factors(long[] starts, long windowMs, long currentStart, double floor) {
        double now = levelOver(currentStart, currentStart + windowMs);
        double[] out = new double[starts.length];
        for (int i = 0; i < starts.length; i++) {
            double then = levelOver(starts[i], starts[i] + windowMs);
            out[i] = Double.isNaN(now) || Double.isNaN(then) ? 1.0 : (now + floor) / (then + floor);
        }
        return out;
    }

    /** The factor {@link #rescale} applies to one earlier window (1 when a level is unknown). */
    public double factor(long windowStart, long currentStart, long windowMs, double floor) {
        double now = levelOver(currentStart, currentStart + windowMs);
        double then = levelOver(windowStart, windowStart + windowMs);
        return Double.isNaN(now) || Double.isNaN(then) ? 1.0 : (now + floor) / (then + floor);
    }

    /** Hour of the week of {@code t}, 0 = Monday 00:00–01:00 UTC (the epoch fell on a Thursday). */
    public static int hourOfWeek(long t) {
        return (int) Math.floorMod(Math.floorDiv(t, HOUR_MS) + 72, (long) HOURS_PER_WEEK);
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
