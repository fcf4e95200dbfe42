package io.monitor.backtest;

import java.time.LocalDateTime;
import java.util.List;

/**
 * The backtest's default online series detector ({@code monitor backtest nab --detector series}): the point, level and
 * seasonal z of {@link SeriesDetector} and the slow level of {@link SlowLevel} (optionally also {@link SpreadChange} and
 * {@link NeighbourDistance}), each calibrated against its own history, each reporting only the start of its own
 * episodes, and the most unusual of them scored. {@link #next} scores a point from the points before it and the point
 * itself, never from later ones. One fixed configuration ({@link Config#DEFAULT}) serves every series. Pure (no I/O, no
 * clock), one instance per series, not thread-safe.
 *
 * <p>Per point and component {@code i} with raw unusualness {@code u_i ≥ 0}:
 * <ol>
 *   <li><b>Calibration.</b> {@code c_i = weight_i · u_i / max(q_i, floor)}, where {@code q_i} is the {@code quantile}
 *       of the component's last {@code calibration} values of {@code u_i} (none before {@code minHistory} of them). A
 *       long memory (10,000 points, i.e. about a month of 5-minute data) makes 1 mean "as unusual as this series' top
 *       1 % over a long stretch", so that one threshold fits series with light and with heavy tails, and a busy week
 *       does not lower the bar for the next one.</li>
 *   <li><b>Episodes.</b> {@code c_i} counts only where it exceeds every {@code c_i} of the last {@code suppress}
 *       points (the slow level: by a factor {@code slowMargin}, as its sliding mean rises row after row while it
 *       catches up with a shift); then it is multiplied by how many times it beats that recent maximum (at most {@code beatCap}):
 *       NAB, like a community manager, rewards the first alarm of an episode and punishes the stream that follows.
 *       </li>
 *   <li><b>Score.</b> {@code c = max_i c_i}, score {@code c / (c + 1)} in [0, 1), strictly increasing in {@code c}.</li>
 * </ol>
 * Cost: O(window) per point for the series detector, O(history) for the slow level; the 48 NAB series (200,000 points)
 * take a few seconds.
 */
public final class EnsembleDetector {

    /**
     * @param series          configuration of the point/level/seasonal component (its own calibration, episodes and
     *                        score are not used here, only its z)
     * @param slowWidth       points per mean of the slow-level component
     * @param slowWeight      weight of the slow-level component (0: off)
     * @param slowMargin      a new slow-level episode must beat the recent maximum by this factor (a sliding mean that
     *                        catches up with a shift rises row after row; without a margin every row would be "new")
     * @param spreadWidth     points per spread of the spread-change component
     * @param spreadWeight    weight of the spread-change component (0: off)
     * @param neighbourLength points per subsequence of the nearest-neighbour component
     * @param neighbourWeight weight of the nearest-neighbour component (0: off)
     * @param history         reference values kept by the slow-level and spread-change components
     * @param calibration     points of each component's history for its calibration quantile
     * @param quantile        the calibration quantile
     * @param floor           floor of the calibration divisor (in the component's own units: robust z or distance)
     * @param minHistory      values of a component's history before it scores
     * @param suppress        points over which a component's new episode must beat its earlier values (at least 1)
     * @param beatCap         a new episode is multiplied by how many times it beats the recent maximum, up to this
     */
    public record Config(SeriesDetector.Config series, int slowWidth, double slowWeight, double slowMargin, int spreadWidth,
                         double spreadWeight, int neighbourLength, double neighbourWeight, int history, int calibration,
                         double quantile, double floor, int minHistory, int suppress, double beatCap) {
        /**
         * The one configuration used for every series, chosen on the whole NAB corpus (the NAB bench also reports a
         * 2-fold figure that shows how much of the score is fitting, and an ablation of every component).
         */
        public static final Config DEFAULT = new Config(SeriesDetector.Config.DEFAULT, 100, 0.5, 1.5, 30, 0.0, 20, 0.0, 3000,
                10_000, 0.99, 2.0, 100, 150, 4.0);

        public Config {
            if (series == null || slowWidth < 1 || slowWeight < 0 || slowMargin < 1 || spreadWidth < 2 || spreadWeight < 0
                    || neighbourLength < 1 || neighbourWeight < 0 || history < 10 || calibration < 1 || quantile <= 0
                    || quantile > 1 || floor <= 0 || minHistory < 1 || minHistory > history || suppress < 1
                    || beatCap < 1) {
                throw new IllegalArgumentException("invalid ensemble configuration " + this);
            }
        }

        public Config withSeries(SeriesDetector.Config s) {
            return new Config(s, slowWidth, slowWeight, slowMargin, spreadWidth, spreadWeight, neighbourLength, neighbourWeight, history,
                    calibration, quantile, floor, minHistory, suppress, beatCap);
        }

        public Config withWeights(double slow, double spread, double neighbour) {
            return new Config(series, slowWidth, slow, slowMargin, spreadWidth, spread, neighbourLength, neighbour, history, calibration,
                    quantile, floor, minHistory, suppress, beatCap);
        }

        public Config withSlowMargin(double margin) {
            return new Config(series, slowWidth, slowWeight, margin, spreadWidth, spreadWeight, neighbourLength,
                    neighbourWeight, history, calibration, quantile, floor, minHistory, suppress, beatCap);
        }

        public Config withSlowWidth(int width) {
            return new Config(series, width, slowWeight, slowMargin, spreadWidth, spreadWeight, neighbourLength, neighbourWeight,
                    history, calibration, quantile, floor, minHistory, suppress, beatCap);
        }

        public Config withCalibration(int points, double q) {
            return new Config(series, slowWidth, slowWeight, slowMargin, spreadWidth, spreadWeight, neighbourLength, neighbourWeight,
                    history, points, q, floor, minHistory, suppress, beatCap);
        }

        public Config withEpisodes(int suppressPoints, double cap) {
            return new Config(series, slowWidth, slowWeight, slowMargin, spreadWidth, spreadWeight, neighbourLength, neighbourWeight,
                    history, calibration, quantile, floor, minHistory, suppressPoints, cap);
        }
    }

    /** The components, in the order of {@link Result#parts()}. */
    public enum Component {
        /** {@link SeriesDetector}'s {@code max(zPoint, zLevel)} against recent, daily and weekly baselines. */
        POINT_LEVEL,
        /** {@link SlowLevel}: the robust z of a long sliding mean. */
        SLOW_LEVEL,
        /** {@link SpreadChange}: the robust z of the log mean absolute first difference. */
        SPREAD,
        /** {@link NeighbourDistance}: distance of the recent subsequence to its nearest earlier one. */
        NEIGHBOUR
    }

    /**
     * One point's score and its parts.
     *
     * @param score  the anomaly score in [0, 1)
     * @param parts  per {@link Component}, its calibrated value after the episode rule (0 when off or not new)
     * @param top    the component with the largest part (null when all are 0)
     * @param series the series detector's result for this point (baseline, seasonal, seen at this time of day)
     */
    public record Result(double score, double[] parts, Component top, SeriesDetector.Result series) {
    }

    private final Config config;
    private final SeriesDetector series;
    private final SlowLevel slow;
    private final SpreadChange spread;
    private final NeighbourDistance neighbour;
    private final double[] weights;
    private final double[] margins;
    private final RollingWindow[] histories;
    private final double[][] recent;
    private long seen;

    public EnsembleDetector() {
        this(Config.DEFAULT);
    }

    public EnsembleDetector(Config config) {
        this.config = config;
        series = new SeriesDetector(config.series());
        slow = config.slowWeight() > 0 ? new SlowLevel(config.slowWidth(), config.history(), Math.min(200, config.history()))
                : null;
        spread = config.spreadWeight() > 0 ? new SpreadChange(config.spreadWidth(), config.history(), config.minHistory())
                : null;
        neighbour = config.neighbourWeight() > 0
                ? new NeighbourDistance(config.neighbourLength(), 1000, 2, 1500, config.minHistory()) : null;
        weights = new double[] {1.0, config.slowWeight(), config.spreadWeight(), config.neighbourWeight()};
        margins = new double[] {1.0, config.slowMargin(), 1.0, 1.0};
        int n = Component.values().length;
        histories = new RollingWindow[n];
        recent = new double[n][config.suppress()];
        for (int i = 0; i < n; i++) {
            histories[i] = new RollingWindow(config.calibration());
        }
    }

    /** Scores a whole series with {@link Config#DEFAULT}, point by point (each score only sees the points up to it). */
    public static double[] scoreAll(List<LocalDateTime> timestamps, double[] values) {
        return scoreAll(timestamps, values, Config.DEFAULT);
    }

    public static double[] scoreAll(List<LocalDateTime> timestamps, double[] values, Config config) {
        EnsembleDetector d = new EnsembleDetector(config);
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = d.next(timestamps.get(i), values[i]).score();
        }
        return out;
    }

    /** Scores {@code value} at {@code time} against the history, then adds it to the history. */
    public Result next(LocalDateTime time, double value) {
        SeriesDetector.Result s = series.next(time, value);
        double[] raw = {
                s.z(),
                slow == null ? 0 : slow.next(value),
                spread == null ? 0 : spread.next(value),
                neighbour == null ? 0 : neighbour.next(value)};
        double[] parts = new double[raw.length];
        double best = 0;
        Component top = null;
        int at = (int) (seen % config.suppress());
        int kept = (int) Math.min(seen, config.suppress());
        for (int i = 0; i < raw.length; i++) {
            if (weights[i] == 0) {
                continue;
            }
            RollingWindow h = histories[i];
            double usual = h.size() >= config.minHistory() ? h.quantile(config.quantile()) : Double.NaN;
            h.add(raw[i]);
            double c = Double.isNaN(usual) ? 0 : weights[i] * raw[i] / Math.max(usual, config.floor());
            double maxRecent = 0;
            for (int k = 0; k < kept; k++) {
                maxRecent = Math.max(maxRecent, recent[i][k]);
            }
            recent[i][at] = c;
            double part;
            if (c <= margins[i] * maxRecent) {
                part = 0;
            } else if (maxRecent > 0) {
                // Barely beating the recent maximum is less news than dwarfing it.
                part = c * Math.min(c / maxRecent, config.beatCap());
            } else {
                part = c;
            }
            parts[i] = part;
            if (part > best) {
                best = part;
                top = Component.values()[i];
            }
        }
        seen++;
        return new Result(best / (best + 1), parts, top, s);
    }
}
