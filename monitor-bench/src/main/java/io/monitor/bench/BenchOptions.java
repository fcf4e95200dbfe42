package io.monitor.bench;

import io.monitor.core.json.Durations;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The options of {@code monitor bench}, parsed from {@code --name value} pairs. Invalid input throws
 * {@link IllegalArgumentException} naming the option.
 *
 * @param bootstrapServers an existing cluster, or null to start an embedded broker in a temporary directory
 * @param rate             background mentions per second (all brands together)
 * @param duration         how long each phase produces
 * @param brands           number of generated brands
 * @param burstFactor      rate multiplier during the burst (1 = no burst)
 * @param burstAt          when the burst starts, from the start of a phase
 * @param burstLength      how long the burst lasts
 * @param crisisAt         when the crisis starts (null = no crisis)
 * @param crisisLength     how long the crisis lasts
 * @param crisisRate       extra negative mentions per second about the crisis brand (null = 10 x one brand's rate)
 * @param exactlyOnce      exactly_once_v2 (true) or at_least_once, for both the topology and the reference
 * @param passThrough      whether to run the pass-through reference phase
 * @param warmup           the start of each phase left out of the steady-state latency (JIT, RocksDB, first transactions)
 * @param drainTimeout     how long to wait, after the producer stops, for the consumer lag to reach zero
 * @param report           where to write the Markdown report (null = print only)
 * @param seed             random seed of the generated mentions
 */
public record BenchOptions(String bootstrapServers, double rate, Duration duration, int brands, double burstFactor,
                           Duration burstAt, Duration burstLength, Duration crisisAt, Duration crisisLength,
                           Double crisisRate, boolean exactlyOnce, boolean passThrough, Duration warmup, Duration drainTimeout,
                           Path report, long seed) {

    public static final String USAGE = String.join("\n",
            "usage: monitor bench [--bootstrap-servers HOST:PORT] [--rate 5000] [--duration 90s] [--brands 50]",
            "                     [--burst-factor 10 --burst-at 30s --burst-length 60s]",
            "                     [--crisis-at 70s] [--crisis-length 20s] [--crisis-rate N]",
            "                     [--exactly-once true|false] [--pass-through true|false] [--warmup 30s] [--drain-timeout 60s]",
            "                     [--report FILE] [--seed 42]");

    public BenchOptions {
        if (!(rate > 0) || rate > 1_000_000) {
            throw new IllegalArgumentException("--rate must be in (0, 1000000] mentions per second, was " + rate);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (brands < 1 || brands > 400) {
            throw new IllegalArgumentException("--brands must be in [1, 400], was " + brands);
        }
        if (!(burstFactor >= 1) || burstFactor > 100) {
            throw new IllegalArgumentException("--burst-factor must be in [1, 100], was " + burstFactor);
        }
        if (warmup.isNegative() || warmup.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("--warmup must be shorter than --duration");
        }
        if (crisisRate != null && !(crisisRate > 0)) {
            throw new IllegalArgumentException("--crisis-rate must be positive");
        }
    }

    public static BenchOptions defaults() {
        return parse(new String[0]);
    }

    public static BenchOptions parse(String[] args) {
        String bootstrap = null;
        double rate = 5000;
        Duration duration = Duration.ofSeconds(90);
        int brands = 50;
        double burstFactor = 1;
        Duration burstAt = Duration.ofSeconds(30);
        Duration burstLength = Duration.ofMinutes(1);
        Duration crisisAt = null;
        Duration crisisLength = Duration.ofSeconds(20);
        Double crisisRate = null;
        boolean exactlyOnce = true;
        boolean passThrough = true;
        Duration warmup = Duration.ofSeconds(30);
        Duration drain = Duration.ofSeconds(60);
        Path report = null;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            try {
                switch (name) {
                    case "--bootstrap-servers" -> bootstrap = v.isBlank() ? null : v;
                    case "--rate" -> rate = Double.parseDouble(v);
                    case "--duration" -> duration = Durations.parse(v);
                    case "--brands" -> brands = Integer.parseInt(v);
                    case "--burst-factor" -> burstFactor = Double.parseDouble(v);
                    case "--burst-at" -> burstAt = Durations.parse(v);
                    case "--burst-length" -> burstLength = Durations.parse(v);
                    case "--crisis-at" -> crisisAt = Durations.parse(v);
                    case "--crisis-length" -> crisisLength = Durations.parse(v);
                    case "--crisis-rate" -> crisisRate = Double.parseDouble(v);
                    case "--exactly-once" -> exactlyOnce = bool(name, v);
                    case "--pass-through" -> passThrough = bool(name, v);
                    case "--warmup" -> warmup = Durations.parse(v);
                    case "--drain-timeout" -> drain = Durations.parse(v);
                    case "--report" -> report = Path.of(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": '" + v + "' is not a number");
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("unknown option")) {
                    throw e;
                }
                throw new IllegalArgumentException(name + ": " + e.getMessage());
            }
        }
        return new BenchOptions(bootstrap, rate, duration, brands, burstFactor, burstAt, burstLength, crisisAt,
                crisisLength, crisisRate, exactlyOnce, passThrough, warmup, drain, report, seed);
    }

    private static boolean bool(String name, String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("must be true or false, was '" + v + "'");
    }

    /** Whether a burst is configured. */
    public boolean burst() {
        return burstFactor > 1;
    }

    /** The crisis rate: the option, else ten times one brand's background rate (at least 50/s). */
    public double effectiveCrisisRate() {
        return crisisRate != null ? crisisRate : Math.max(50, 10 * rate / brands);
    }
}
