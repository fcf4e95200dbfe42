package io.monitor.streams.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.sentiment.LanguageDetectors;
import io.monitor.sentiment.SentimentScorers;
import io.monitor.streams.MonitorTopology;
import io.monitor.streams.query.BrandMatcher;
import io.monitor.streams.query.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Prints how fast the pure parts run on this machine (no broker): brand matching over many queries, and the whole
 * topology through TopologyTestDriver (an upper bound of processing cost per mention without Kafka I/O or
 * exactly-once) on two input mixes of {@link CrisisMix}: the normal one and a crisis-heavy one (crises often, 35 %
 * negative near-duplicate complaints about one brand during an episode), each with the real scorer and language
 * detector and with a keyword scorer standing in. The figure to compare is CPU µs per mention of the topology thread
 * (stable on a machine other jobs share); wall-clock mentions/s is printed beside it.
 *
 * <p>Note: TopologyTestDriver commits (and so flushes the record caches) after every input record, so every mention
 * reaches the spike processor as a pane update and every cached store writes its changelog; a real instance
 * (32 MiB cache, commit every second) forwards a pane update per brand and commit. Costs on that part are overstated
 * here.
 *
 * <pre>./mvnw -q -o -pl monitor-streams test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * java -Xms512m -Xmx512m -cp monitor-streams/target/test-classes:monitor-streams/target/classes:$(cat monitor-streams/target/cp.txt) \
 *     io.monitor.streams.bench.TopologyBench 30000 [normal|crisis|all] [real|keywords|all]</pre>
 * With a mix argument the brand-matching part is skipped. On a shared machine the figures of one run move by 20 % or
 * more with the load; to compare two builds use {@link TopologyCompareBench}, which runs both in one JVM in
 * alternating slices. For a profile add
 * {@code -XX:StartFlightRecording=filename=bench.jfr,settings=profile} and read it with
 * {@code jfr print --events jdk.ExecutionSample bench.jfr}.
 */
public final class TopologyBench {
    private static final String[] WORDS = ("heute morgen zug bahn verspätung kaffee handy akku laden service hotline"
            + " schlecht super danke wieder kaputt warum immer noch keine antwort the train is late again phone battery"
            + " great coffee shop berlin münchen hamburg köln straße wetter fußball").split(" ");

    private TopologyBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "30000");
        if (args.length < 2) {
            matcher();
            projectionBytes(n);
        }
        String mix = args.length > 1 ? args[1] : "all";
        String nlp = args.length > 2 ? args[2] : "all";
        for (boolean crisis : new boolean[] {false, true}) {
            if (!mix.equals("all") && mix.equals("crisis") != crisis) {
                continue;
            }
            for (boolean real : new boolean[] {true, false}) {
                if (nlp.equals("all") || nlp.equals("real") == real) {
                    topology(n, crisis, real);
                }
            }
        }
    }

    /**
     * Bytes per mention on the by-brand repartition topic: the {@code BrandMention} projection of the bench's matched
     * mentions as the real scorer labels them (its value only; the key is the brand id either way).
     */
    private static void projectionBytes(int n) {
        io.monitor.sentiment.SentimentScorer scorer = SentimentScorers.defaultScorer();
        Random r = new Random(2);
        String[] brands = {"nordbahn", "fjord phone", "kaffeekult"};
        long bytes = 0;
        long negative = 0;
        long negativeBytes = 0;
        for (int i = 0; i < n; i++) {
            String text = text(r, brands[i % brands.length]);
            Instant at = Instant.parse("2026-11-27T08:00:00Z").plusMillis(i * 50L);
            Mention m = new Mention(1, "demo", "b" + i, "https://example.org/b" + i,
                    new Mention.Author("a" + i % 300, "u" + i % 300, null, i % 1000), text, "de", at, at, null, null, null,
                    null, List.of(brands[i % brands.length]), scorer.score(text, "de"));
            int size = io.monitor.streams.topology.BrandMention.SERDE.serializer()
                    .serialize("t", io.monitor.streams.topology.BrandMention.of(m)).length;
            bytes += size;
            if (m.sentiment().label() == io.monitor.core.model.Sentiment.Label.NEGATIVE) {
                negative++;
                negativeBytes += size;
            }
        }
        System.out.printf(Locale.ROOT, "by-brand projection: %.1f bytes per mention (%.0f%% negative at %.1f bytes, the"
                        + " others %.1f bytes)%n", bytes / (double) n, 100.0 * negative / n,
                negative == 0 ? 0 : negativeBytes / (double) negative,
                n == negative ? 0 : (bytes - negativeBytes) / (double) (n - negative));
    }

    private static void matcher() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            queries.put("brand-" + i, "(brand" + i + " OR \"brand " + i + " group\" OR @brand" + i + " OR #brand" + i
                    + ") AND NOT (job OR stellenangebot) AND (lang:de OR lang:en)");
        }
        BrandMatcher m = BrandMatcher.of(queries);
        Random r = new Random(1);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            texts.add(text(r, i % 10 == 0 ? "brand" + r.nextInt(500) : null));
        }
        long matched = 0;
        for (int round = 0; round < 3; round++) { // warm-up rounds, then the measured one
            long t0 = System.nanoTime();
            matched = 0;
            for (int rep = 0; rep < 10; rep++) {
                for (String t : texts) {
                    matched += m.match(Document.of(t, "demo", null, "de")).size();
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (round == 2) {
                System.out.printf(Locale.ROOT, "brand matching, 500 queries: %.0f posts/s (10%% mention a brand, %d matches)%n",
                        100_000 / s, matched);
            }
        }
    }

    /**
     * One measured run: a first run on a fresh driver warms the JIT (not measured), then a second fresh driver takes
     * the first fifth of the mentions unmeasured and the rest measured. With {@code realNlp} false, a keyword scorer
     * (texts holding "kaputt" negative, others neutral) and a constant language stand in: what the rest of the
     * topology costs.
     */
    private static void topology(int n, boolean crisis, boolean realNlp) throws Exception {
        List<Mention> mentions = CrisisMix.mentions(2, n, T0, crisis);
        List<CrisisMix.Raw> raw = CrisisMix.raw(mentions, false);
        run(raw, realNlp, false);
        Result res = run(raw, realNlp, true);
        long complaints = mentions.stream().filter(CrisisMix::complaint).count();
        System.out.printf(Locale.ROOT, "topology via TopologyTestDriver, %s mix (%s), %,d mentions (%.0f%% crisis complaints,"
                        + " %.0f%% of matched mentions negative): %,.0f mentions/s (wall clock), %,.0f mentions per CPU"
                        + " second = %.1f CPU µs per mention of the topology thread; %d alerts%n",
                crisis ? "crisis-heavy" : "normal", realNlp ? "real scorer and language detector" : "keyword scorer, constant language",
                n, 100.0 * complaints / n, 100.0 * res.negative / Math.max(1, res.enriched), res.perSecond, res.perCpuSecond,
                1e6 / res.perCpuSecond, res.alerts);
    }

    private record Result(double perSecond, double perCpuSecond, long enriched, long negative, long alerts) {
    }

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private static Result run(List<CrisisMix.Raw> values, boolean realNlp, boolean measure) throws Exception {
        MonitorSettings settings = MonitorSettings.defaults();
        settings = new MonitorSettings(settings.kafka(), List.of(
                new BrandSettings("nordbahn", null, "nordbahn OR #nordbahn OR @nordbahn", null),
                new BrandSettings("fjordphone", null, "\"fjord phone\" OR fjordphone", null),
                new BrandSettings("kaffeekult", null, "kaffeekult OR #kaffeekult", null)),
                settings.ingest(), settings.detection(), settings.sentiment(), settings.api(), settings.notifications());
        Path dir = Files.createTempDirectory("topology-bench");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        io.monitor.sentiment.SentimentScorer scorer = realNlp ? SentimentScorers.defaultScorer()
                : (text, lang) -> text.contains("kaputt")
                        ? new io.monitor.core.model.Sentiment(-0.8, io.monitor.core.model.Sentiment.Label.NEGATIVE, 0.9)
                        : new io.monitor.core.model.Sentiment(0, io.monitor.core.model.Sentiment.Label.NEUTRAL, 0.5);
        io.monitor.sentiment.LanguageDetector languages = realNlp ? LanguageDetectors.defaultDetector() : text -> "de";
        try (TopologyTestDriver driver = new TopologyTestDriver(MonitorTopology.build(settings, scorer, languages,
                new SimpleMeterRegistry()), p, T0)) {
            TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new StringSerializer(),
                    new ByteArraySerializer());
            int n = values.size();
            int warm = measure ? n / 5 : n;
            for (int i = 0; i < warm; i++) {
                CrisisMix.Raw v = values.get(i);
                raw.pipeInput(v.key(), v.value(), v.timestamp());
            }
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (int i = warm; i < n; i++) {
                CrisisMix.Raw v = values.get(i);
                raw.pipeInput(v.key(), v.value(), v.timestamp());
            }
            double s = (System.nanoTime() - start) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            long enriched = 0;
            long negative = 0;
            for (var rec : driver.createOutputTopic(Topics.MENTIONS_ENRICHED.name(), Topics.MENTIONS_ENRICHED.keySerde().deserializer(),
                    Topics.MENTIONS_ENRICHED.valueSerde().deserializer()).readValuesToList()) {
                enriched++;
                if (rec.sentiment().label() == io.monitor.core.model.Sentiment.Label.NEGATIVE) {
                    negative++;
                }
            }
            long alerts = driver.createOutputTopic(Topics.ALERTS.name(), Topics.ALERTS.keySerde().deserializer(),
                    Topics.ALERTS.valueSerde().deserializer()).getQueueSize();
            // Per CPU second of the one thread that runs the topology: stable on a machine other jobs share.
            return new Result((n - warm) / s, (n - warm) / cpu, enriched, negative, alerts);
        }
    }

    private static String text(Random r, String brand) {
        StringBuilder b = new StringBuilder();
        int len = 8 + r.nextInt(20);
        int at = brand == null ? -1 : r.nextInt(len);
        for (int i = 0; i < len; i++) {
            b.append(i == at ? brand : WORDS[r.nextInt(WORDS.length)]).append(' ');
        }
        return b.toString();
    }
}
