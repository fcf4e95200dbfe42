package io.monitor.streams.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.LanguageDetectors;
import io.monitor.sentiment.SentimentScorer;
import io.monitor.sentiment.SentimentScorers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Compares two builds of monitor-streams on the same input in one JVM, in alternating CPU-time slices, so that the
 * load of a shared machine falls on both alike: each build's topology (loaded from its own classes directory) runs
 * in its own TopologyTestDriver over the {@link CrisisMix} input, a slice of {@value #SLICE} mentions at a time,
 * A-B then B-A, and the CPU time of the one thread is summed per build. The first fifth of the mentions warms both up
 * and is not counted. Prints CPU µs per mention of each and the ratio. Kafka, core and sentiment come from the class
 * path (so it must not hold monitor-streams' own classes): only the topology differs.
 *
 * <pre>./mvnw -q -o -pl monitor-streams test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * cp -r monitor-streams/target/classes /tmp/new-classes   # and an older build's classes to /tmp/old-classes
 * java -Xms512m -Xmx512m -cp monitor-streams/target/test-classes:$(cat monitor-streams/target/cp.txt) \
 *     io.monitor.streams.bench.TopologyCompareBench /tmp/old-classes /tmp/new-classes 30000 crisis keywords</pre>
 * Mix: {@code normal} or {@code crisis}; scorer: {@code real} (the default scorer and language detector) or
 * {@code keywords} (texts with "kaputt" negative, the language constant).
 */
public final class TopologyCompareBench {
    static final int SLICE = 250;
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private TopologyCompareBench() {
    }

    public static void main(String[] args) throws Exception {
        Path a = Path.of(args[0]);
        Path b = Path.of(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 30_000;
        boolean crisis = args.length > 3 && args[3].equals("crisis");
        boolean real = args.length > 4 && args[4].equals("real");
        try {
            Class.forName("io.monitor.streams.MonitorTopology");
            throw new IllegalStateException("monitor-streams' classes are on the class path: leave them out, both builds"
                    + " come from the directories given");
        } catch (ClassNotFoundException expected) {
            // as it must be
        }
        List<Mention> mentions = CrisisMix.mentions(2, n, T0, crisis);
        List<CrisisMix.Raw> raw = CrisisMix.raw(mentions, false);
        SentimentScorer scorer = real ? SentimentScorers.defaultScorer()
                : (text, lang) -> text.contains("kaputt") ? new Sentiment(-0.8, Sentiment.Label.NEGATIVE, 0.9)
                        : new Sentiment(0, Sentiment.Label.NEUTRAL, 0.5);
        LanguageDetector languages = real ? LanguageDetectors.defaultDetector() : text -> "de";
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Run ra = new Run(a, scorer, languages); Run rb = new Run(b, scorer, languages)) {
            int warm = n / 5;
            ra.pipe(raw, 0, warm);
            rb.pipe(raw, 0, warm);
            long cpuA = 0;
            long cpuB = 0;
            int round = 0;
            for (int from = warm; from < n; from += SLICE, round++) {
                int to = Math.min(n, from + SLICE);
                for (int k = 0; k < 2; k++) {
                    boolean first = (k == 0) == (round % 2 == 0); // A-B, then B-A
                    Run r = first ? ra : rb;
                    long t = threads.getCurrentThreadCpuTime();
                    r.pipe(raw, from, to);
                    long used = threads.getCurrentThreadCpuTime() - t;
                    if (first) {
                        cpuA += used;
                    } else {
                        cpuB += used;
                    }
                }
            }
            double usA = cpuA / 1e3 / (n - warm);
            double usB = cpuB / 1e3 / (n - warm);
            System.out.printf(Locale.ROOT, "%s mix, %s, %,d mentions (%,d measured, slices of %d alternating):"
                            + " A %.1f CPU µs per mention, B %.1f CPU µs per mention, B/A %.3f (%s: %s, B: %s)%n",
                    crisis ? "crisis-heavy" : "normal", real ? "real scorer and language detector" : "keyword scorer",
                    n, n - warm, SLICE, usA, usB, usB / usA, "A", a, b);
        }
    }

    /** One build's topology in its own driver. */
    private static final class Run implements AutoCloseable {
        private final URLClassLoader loader;
        private final TopologyTestDriver driver;
        private final TestInputTopic<String, byte[]> in;

        Run(Path classes, SentimentScorer scorer, LanguageDetector languages) throws Exception {
            loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, TopologyCompareBench.class.getClassLoader());
            MonitorSettings d = MonitorSettings.defaults();
            MonitorSettings settings = new MonitorSettings(d.kafka(), List.of(
                    new BrandSettings("nordbahn", null, "nordbahn OR #nordbahn OR @nordbahn", null),
                    new BrandSettings("fjordphone", null, "\"fjord phone\" OR fjordphone", null),
                    new BrandSettings("kaffeekult", null, "kaffeekult OR #kaffeekult", null)),
                    d.ingest(), d.detection(), d.sentiment(), d.api(), d.notifications());
            Topology topology = (Topology) loader.loadClass("io.monitor.streams.MonitorTopology")
                    .getMethod("build", MonitorSettings.class, SentimentScorer.class, LanguageDetector.class, MeterRegistry.class)
                    .invoke(null, settings, scorer, languages, new SimpleMeterRegistry());
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "compare");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("topology-compare").toString());
            driver = new TopologyTestDriver(topology, p, T0);
            in = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new StringSerializer(), new ByteArraySerializer());
        }

        void pipe(List<CrisisMix.Raw> raw, int from, int to) {
            for (int i = from; i < to; i++) {
                CrisisMix.Raw r = raw.get(i);
                in.pipeInput(r.key(), r.value(), r.timestamp());
            }
        }

        @Override
        public void close() throws Exception {
            driver.close();
            loader.close();
        }
    }
}
