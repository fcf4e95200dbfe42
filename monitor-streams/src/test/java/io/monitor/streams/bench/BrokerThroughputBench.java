package io.monitor.streams.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.broker.EmbeddedKafkaBroker;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topic;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.streams.StreamsService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Topology throughput on a real broker, beside a pass-through Streams app in the same run: both exactly-once with
 * the same commit interval, one stream thread, same input. Prints mentions/s of each and the ratio.
 *
 * <pre>java -Xms1g -Xmx1g -cp (classpath as for {@link TopologyBench}) io.monitor.streams.bench.BrokerThroughputBench 100000 - 2</pre>
 * Starts an embedded broker in a temporary directory (pass a bootstrap address as second argument to use another,
 * "-" for the embedded one). The third argument runs the topology again with 2..k instances in this JVM (same
 * application id, one stream thread each) and prints the scaling factor. A fourth argument {@code nopass} skips the
 * pass-through reference. Besides the rates it prints the CPU time spent per mention (the stream thread's, and the
 * whole process's, broker included): on a shared machine the rates follow the load, the CPU per mention much less.
 */
public final class BrokerThroughputBench {
    private static final String PASS_THROUGH = "bench.passthrough";

    private BrokerThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int maxInstances = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path dir = Files.createTempDirectory("streams-bench");
        EmbeddedKafkaBroker broker = args.length > 1 && !"-".equals(args[1]) ? null : EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
        String bootstrap = broker == null ? args[1] : broker.bootstrapServers();
        try {
            TopicAdmin.ensureTopics(bootstrap, List.<Topic<?, ?>>copyOf(Topics.all()), (short) 1);
            TopicAdmin.ensureTopics(bootstrap, List.of(new Topic<>(PASS_THROUGH, Serdes.String(), Serdes.ByteArray(),
                    Topics.MENTIONS_RAW.partitions(), Map.of())), (short) 1);
            produce(bootstrap, n);

            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-passthrough");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
            p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("pt").toString());
            StreamsBuilder b = new StreamsBuilder();
            b.stream(Topics.MENTIONS_RAW.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                    .to(PASS_THROUGH, Produced.with(Serdes.String(), Serdes.ByteArray()));
            double passRate = Double.NaN;
            if (!(args.length > 3 && "nopass".equals(args[3]))) {
                try (KafkaStreams pass = new KafkaStreams(b.build(), p)) {
                    pass.start();
                    passRate = drain(bootstrap, PASS_THROUGH, n, n);
                }
            }
            long matched = n - n / 5; // every fifth mention names no brand
            double[] rates = new double[maxInstances + 1];
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (int k = 1; k <= maxInstances; k++) {
                // A fresh application id per run: each run processes the whole input from the start.
                List<StreamsService> instances = new java.util.ArrayList<>();
                try {
                    for (int i = 0; i < k; i++) {
                        instances.add(StreamsService.start(settings(dir.resolve("k" + k + "-" + i), bootstrap, "bench-topology-" + k),
                                bootstrap, new SimpleMeterRegistry()));
                    }
                    long cpu0 = os.getProcessCpuTime();
                    rates[k] = drain(bootstrap, Topics.MENTIONS_ENRICHED.name(), matched, n);
                    long processCpu = os.getProcessCpuTime() - cpu0;
                    long streamCpu = 0;
                    for (Thread t : Thread.getAllStackTraces().keySet()) {
                        if (t.getName().startsWith("bench-topology-" + k + "-") && t.getName().contains("StreamThread")) {
                            streamCpu += threads.getThreadCpuTime(t.getId());
                        }
                    }
                    System.out.printf(Locale.ROOT, "CPU per mention, %d instance(s): stream threads %.1f µs, whole process"
                            + " (broker included, from the first start) %.1f µs%n", k, streamCpu / 1e3 / n, processCpu / 1e3 / n);
                } finally {
                    instances.forEach(StreamsService::close);
                }
            }
            System.out.printf(Locale.ROOT, "%d mentions, exactly_once_v2, commit 1 s, 1 stream thread per instance, %d partitions%n", n,
                    Topics.MENTIONS_RAW.partitions());
            System.out.printf(Locale.ROOT, "pass-through: %.0f mentions/s%n", passRate);
            for (int k = 1; k <= maxInstances; k++) {
                System.out.printf(Locale.ROOT, "monitor topology, %d instance(s) (real scorer + language detector): %.0f mentions/s,"
                        + " ratio to pass-through %.2f%s%n", k, rates[k], rates[k] / passRate,
                        k > 1 ? String.format(Locale.ROOT, ", scaling %.2fx", rates[k] / rates[1]) : "");
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static MonitorSettings settings(Path dir, String bootstrap, String appId) {
        MonitorSettings d = MonitorSettings.defaults();
        return new MonitorSettings(new KafkaSettings(bootstrap, dir, null, 1, true, appId), List.of(
                new BrandSettings("nordbahn", "Nordbahn", "(nordbahn OR \"nord bahn\" OR #nordbahn) -nordbahnhof", null),
                new BrandSettings("fjordphone", "Fjord Phone", "\"fjord phone\" OR fjordphone OR #fjordphone", null),
                new BrandSettings("kaffeekult", "Kaffeekult", "kaffeekult OR #kaffeekult", null)),
                d.ingest(), d.detection(), d.sentiment(), d.api(), d.notifications());
    }

    private static void produce(String bootstrap, int n) {
        String[] brands = {"Nordbahn", "fjord phone", "#kaffeekult", "nordbahn", null};
        String[] texts = {"%s ist schon wieder zu spät, total ärgerlich", "Super Service heute von %s, danke!",
            "%s: neue Preise ab Montag", "Why is %s always late? Terrible.", "Loving my new %s, great battery"};
        Random r = new Random(3);
        Instant t0 = Instant.now().minus(Duration.ofHours(1));
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                Instant at = t0.plusMillis(i * 3600_000L / n);
                String brand = brands[i % brands.length];
                String text = brand == null ? "Heute regnet es in Hamburg, " + i : String.format(texts[r.nextInt(texts.length)], brand);
                Mention m = new Mention(1, "demo", "m" + i, "https://example.org/" + i,
                        new Mention.Author("a" + i % 400, "user" + i % 400, null, i % 5000), text, null, at, at, null, null,
                        null, null, null, null);
                producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), null, at.toEpochMilli(), m.key(),
                        Topics.MENTION_SERDE.toBytes(m)));
            }
        }
        System.out.printf(Locale.ROOT, "produced %d mentions in %.1f s%n", n, (System.nanoTime() - start) / 1e9);
    }

    /** Consumes {@code expected} committed records of {@code topic}; the rate is input records per second between first and last. */
    private static double drain(String bootstrap, String topic, long expected, long inputs) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // From the current end: output of earlier runs is not counted (called before the app's first commit).
            List<org.apache.kafka.common.TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToEnd(parts);
            parts.forEach(c::position);
            long seen = 0;
            long first = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> recs = c.poll(Duration.ofMillis(200));
                if (!recs.isEmpty() && first == 0) {
                    first = System.nanoTime();
                }
                seen += recs.count();
            }
            double s = (System.nanoTime() - first) / 1e9;
            if (seen < expected) {
                throw new IllegalStateException("only " + seen + " of " + expected + " records on " + topic);
            }
            return inputs / s;
        }
    }
}
