package io.monitor.bench;

import io.monitor.core.json.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * @param crisisEvery      repeat the crisis (on the brand the demo generator picks for each episode) this often, so
 *                         that one run gives several ingest-to-alert samples; null = one crisis
 * @param exactlyOnce      exactly_once_v2 (true) or at_least_once, for both the topology and the reference
 * @param passThrough      whether to run the pass-through reference phase
 * @param warmup           the start of each phase left out of the steady-state latency (JIT, RocksDB, first transactions)
 * @param ramp             the background rate rises linearly from zero to {@code rate} over this much of each phase
 *                         (zero = full rate from the first second): a running system is warm when a storm comes, and
 *                         without a ramp the first minute measures JVM, RocksDB and task start-up under full load
 * @param drainTimeout     how long to wait, after the producer stops, for the consumer lag to reach zero
 * @param report           where to write the Markdown report (null = a file named by date, time and rate in
 *                         {@code reportDir})
 * @param reportDir        where reports go when {@code report} is null
 * @param label            a word for the file name and the report (e.g. "old-sentiment"); may be null
 * @param streamsConfig    extra Kafka Streams properties for both the monitor topology and the pass-through
 *                         reference (e.g. {@code commit.interval.ms}, {@code statestore.cache.max.bytes},
 *                         {@code producer.linger.ms}, {@code producer.compression.type})
 * @param producerConfig   extra properties of the load producer (e.g. {@code linger.ms}, {@code batch.size})
 * @param seed             random seed of the generated mentions
 */
public record BenchOptions(String bootstrapServers, double rate, Duration duration, int brands, double burstFactor,
                           Duration burstAt, Duration burstLength, Duration crisisAt, Duration crisisLength,
                           Double crisisRate, Duration crisisEvery, boolean exactlyOnce, boolean passThrough,
                           Duration warmup, Duration ramp, Duration drainTimeout, Path report, Path reportDir, String label,
                           Map<String, String> streamsConfig, Map<String, String> producerConfig, long seed) {

    public static final String USAGE = String.join("\n",
            "usage: monitor bench [--bootstrap-servers HOST:PORT] [--rate 5000] [--duration 90s] [--brands 50]",
            "                     [--burst-factor 10 --burst-at 30s --burst-length 60s]",
            "                     [--crisis-at 70s] [--crisis-length 20s] [--crisis-rate N] [--crisis-every 30s]",
            "                     [--exactly-once true|false] [--pass-through true|false] [--warmup 30s] [--ramp 0s]",
            "                     [--drain-timeout 60s]",
            "                     [--streams-config key=value,key=value] [--producer-config key=value,...]",
            "                     [--report FILE | --report-dir DIR] [--label WORD] [--seed 42]",
            "Without --report the report goes to DIR/<date>-<time>-r<rate>[-<label>].md; DIR defaults to",
            "monitor-bench/reports when that directory exists, else the current directory.");

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
        if (ramp.isNegative() || ramp.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("--ramp must be zero or more and shorter than --duration, was " + Durations.format(ramp));
        }
        if (crisisRate != null && !(crisisRate > 0)) {
            throw new IllegalArgumentException("--crisis-rate must be positive");
        }
        if (crisisEvery != null && (crisisAt == null || crisisEvery.compareTo(crisisLength) <= 0)) {
            throw new IllegalArgumentException("--crisis-every needs --crisis-at and must be longer than --crisis-length");
        }
        if (label != null && !label.matches("[A-Za-z0-9._-]{1,40}")) {
            throw new IllegalArgumentException("--label must be 1-40 letters, digits, '.', '_' or '-', was '" + label + "'");
        }
        streamsConfig = Map.copyOf(streamsConfig);
        producerConfig = Map.copyOf(producerConfig);
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
        Duration crisisEvery = null;
        boolean exactlyOnce = true;
        boolean passThrough = true;
        Duration warmup = Duration.ofSeconds(30);
        Duration ramp = Duration.ZERO;
        Duration drain = Duration.ofSeconds(60);
        Path report = null;
        Path reportDir = null;
        String label = null;
        Map<String, String> streamsConfig = new LinkedHashMap<>();
        Map<String, String> producerConfig = new LinkedHashMap<>();
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
                    case "--crisis-every" -> crisisEvery = Durations.parse(v);
                    case "--exactly-once" -> exactlyOnce = bool(name, v);
                    case "--pass-through" -> passThrough = bool(name, v);
                    case "--warmup" -> warmup = Durations.parse(v);
                    case "--ramp" -> ramp = Durations.parse(v);
                    case "--drain-timeout" -> drain = Durations.parse(v);
                    case "--report" -> report = Path.of(v);
                    case "--report-dir" -> reportDir = Path.of(v);
                    case "--label" -> label = v;
                    case "--streams-config" -> streamsConfig.putAll(properties(v));
                    case "--producer-config" -> producerConfig.putAll(properties(v));
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
        if (reportDir == null) {
            Path reports = Path.of("monitor-bench", "reports");
            reportDir = java.nio.file.Files.isDirectory(reports) ? reports : Path.of(".");
        }
        return new BenchOptions(bootstrap, rate, duration, brands, burstFactor, burstAt, burstLength, crisisAt,
                crisisLength, crisisRate, crisisEvery, exactlyOnce, passThrough, warmup, ramp, drain, report, reportDir, label,
                streamsConfig, producerConfig, seed);
    }

    /** {@code key=value,key=value}: Kafka property names never contain ',' or '='. */
    static Map<String, String> properties(String v) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : v.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("expected key=value[,key=value...], got '" + pair + "'");
            }
            map.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return map;
    }

    /**
     * Where the report goes: {@link #report} if given, else {@code reportDir/<date>-<HHmm>-r<rate>[-label].md}
     * (UTC; rate as "r20k" for whole thousands), one file per run.
     */
    public Path reportPath(java.time.Instant at) {
        if (report != null) {
            return report;
        }
        java.time.ZonedDateTime t = at.atZone(java.time.ZoneOffset.UTC);
        String r = rate % 1000 == 0 ? (long) (rate / 1000) + "k" : String.valueOf((long) rate);
        String name = String.format(java.util.Locale.ROOT, "%tF-%tH%tM-r%s%s.md", t, t, t, r, label == null ? "" : "-" + label);
        return reportDir.resolve(name);
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
