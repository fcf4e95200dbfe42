package io.monitor.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.broker.EmbeddedKafkaBroker;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.streams.StreamsService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * {@code monitor bench}: a load generator and benchmark report for the streams role.
 *
 * <p>It produces realistic German and English mentions of {@code --brands} generated brands at {@code --rate} per
 * second (optionally a {@code --burst-factor} burst and a {@code --crisis-at} storm of negative posts about one brand)
 * into {@code monitor.mentions.raw}, runs the real streams role ({@link StreamsService}) in this process, and measures
 * throughput into raw and out of {@code monitor.mentions.enriched}, end-to-end latency (HdrHistogram: actual send to
 * consumed, and due time to consumed), ingest-to-alert latency of the crisis (first crisis post sent to the FIRING
 * alert consumed, read_committed), consumer lag, CPU and heap once a second. Then it runs a pass-through Kafka Streams
 * application (raw to a copy topic, same processing guarantee and commit interval) under the same load on the same
 * broker as the reference, and writes a Markdown report comparing the two.
 *
 * <p>Without {@code --bootstrap-servers} it starts an embedded broker (in this JVM) in a temporary directory.
 * Records sent in the first {@code --warmup} of a phase (JIT, RocksDB, first transactions) are left out of the
 * steady-state latency rows. One command, from the repository root after {@code ./mvnw -q install -DskipTests}:
 * <pre>
 * java -Xms1g -Xmx1g -cp "$(cd monitor-bench &amp;&amp; ../mvnw -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout):monitor-bench/target/classes" io.monitor.bench.LoadBench --rate 10000 --duration 120s --warmup 60s --brands 50 --crisis-at 50s --crisis-length 8s --crisis-every 25s --label mine
 * </pre>
 * The report is written to {@code monitor-bench/reports/<date>-<time>-r<rate>[-<label>].md} (when run from the
 * repository root; {@code --report FILE} or {@code --report-dir DIR} elsewhere) and states the git commit, the
 * builds of monitor-streams and monitor-sentiment on the classpath, and the machine's load averages at the start, between
 * the phases and at the end. The streams role uses the monitor-sentiment jar that the classpath names (from
 * {@code ~/.m2} with the command above); to measure a local build, put its {@code target/classes} first on the
 * classpath. {@code --streams-config} and {@code --producer-config} try Kafka settings without a rebuild.
 * ({@code monitor bench ...} with the same options once the app wires {@link #run(String[], PrintStream)}.)
 * {@code --help} lists every option; a burst: {@code --burst-factor 10 --burst-at 20s --burst-length 60s}. A crisis must
 * stand out against the brand's own background to alert (about 3x its usual negatives in the 1-minute window, and
 * at least half of the window's mentions before a complete earlier window exists): the default crisis rate, ten
 * times one brand's rate, for 8 s does; {@code --crisis-every 25s} repeats it on other brands, one ingest-to-alert
 * sample each, and the report gives their p50 and p99.
 */
public final class LoadBench {
    /** Output of the pass-through reference application. */
    static final String COPY_TOPIC = "monitor.bench.passthrough";
    private static final int COMMIT_INTERVAL_MS = 1000; // the same as StreamsService

    private LoadBench() {
    }

    public static void main(String[] args) {
        // Quiet defaults for the plain java command (slf4j-simple reads these on first use); -D options win.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.server.DefaultAutoTopicCreationManager", "error");
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.controller.QuorumController", "error");
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.clients.producer.internals.Sender", "error");
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.streams.StreamsConfig", "error");
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.streams.processor.internals.StateDirectory", "error");
        // The embedded broker logs the first transactions' sequence resets (Kafka 4.4, transactions v2) at ERROR,
        // although the clients retry and nothing is lost (the report counts records in and out).
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "off");
        System.exit(run(args, System.out));
    }

    /** Runs the benchmark; returns 0 on success, 2 on bad options, 1 when the run failed. */
    public static int run(String[] args, PrintStream out) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 2;
        }
        try {
            Instant started = Instant.now();
            String report = run(options, out);
            out.println(report);
            Path file = options.reportPath(started);
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, report, StandardCharsets.UTF_8);
            out.println("report written to " + file.toAbsolutePath());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("bench interrupted");
            return 1;
        } catch (Exception e) {
            out.println("bench failed: " + e);
            return 1;
        }
    }

    /** Runs both phases and returns the Markdown report. */
    public static String run(BenchOptions options, PrintStream progress) throws Exception {
        RunInfo info = RunInfo.atStart();
        Path work = Files.createTempDirectory("monitor-bench-");
        EmbeddedKafkaBroker broker = null;
        try {
            String bootstrap = options.bootstrapServers();
            if (bootstrap == null) {
                progress.println("starting an embedded broker in " + work.resolve("broker"));
                broker = EmbeddedKafkaBroker.start(work.resolve("broker"), 0);
                bootstrap = broker.bootstrapServers();
            }
            final String servers = bootstrap;
            TopicAdmin.ensureTopics(servers);
            List<BrandSettings> brands = BenchBrands.generate(options.brands());
            String run = UUID.randomUUID().toString().substring(0, 8);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                createCopyTopic(admin);
                List<TopicPartition> raw = Probes.partitions(admin, Topics.MENTIONS_RAW.name());

                String appId = "monitor-bench-" + run;
                MonitorSettings settings = settings(brands, options, bootstrap, work.resolve("topology"), appId);
                progress.printf("phase 1: monitor topology at %.0f mentions/s for %s (%s)%n", options.rate(),
                        options.duration(), options.exactlyOnce() ? "exactly once" : "at least once");
                PhaseResult topology = phase("monitor topology", options, brands, bootstrap, admin, raw, appId,
                        Topics.MENTIONS_ENRICHED.name(), true, () -> {
                            StreamsService s = startStreams(settings, servers, options.streamsConfig());
                            return new App(s::isReady, s::close);
                        }, progress);

                PhaseResult reference = null;
                if (options.passThrough()) {
                    String refId = "monitor-bench-passthrough-" + run;
                    progress.println("phase 2: pass-through reference under the same load");
                    info.loadAtPhase2 = RunInfo.loadAverages();
                    reference = phase("pass-through", options, brands, bootstrap, admin, raw, refId, COPY_TOPIC, false,
                            () -> passThrough(servers, refId, work.resolve("passthrough"), options.exactlyOnce(),
                                    options.streamsConfig()), progress);
                }
                info.loadAtEnd = RunInfo.loadAverages();
                return BenchReport.markdown(options, bootstrap, broker != null, info, topology, reference);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            deleteQuietly(work);
        }
    }

    /** A running application of a phase. */
    record App(java.util.function.BooleanSupplier ready, Runnable close) {
    }

    interface AppStarter {
        App start() throws Exception;
    }

    private static PhaseResult phase(String name, BenchOptions options, List<BrandSettings> brands, String bootstrap,
                                     Admin admin, List<TopicPartition> raw, String appId, String outTopic,
                                     boolean alerts, AppStarter starter, PrintStream progress) throws Exception {
        Probes.startGroupAtEnd(admin, appId, raw);
        App app = starter.start();
        try {
            long deadline = System.currentTimeMillis() + 90_000;
            while (!app.ready().getAsBoolean()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(name + ": the Streams application did not reach RUNNING in 90 s");
                }
                Thread.sleep(100);
            }
            Instant start = Instant.now();
            Stats stats = new Stats(start.toEpochMilli(), warmup(options).toMillis());
            Probes.OutputReader reader = new Probes.OutputReader(bootstrap, outTopic, stats);
            Probes.AlertReader alertReader = alerts ? new Probes.AlertReader(bootstrap) : null;
            Probes.Sampler sampler = new Probes.Sampler(admin, appId, raw, stats);
            reader.start();
            if (alertReader != null) {
                alertReader.start();
            }
            sampler.start();
            start = Instant.now();
            LoadProducer producer = new LoadProducer(options, brands, bootstrap);
            producer.run(start, stats);
            stats.producerEndMs = System.currentTimeMillis();
            progress.printf("  produced %d mentions (%d failed); waiting for the lag to drain%n", producer.acked(),
                    producer.failed());
            long drainDeadline = stats.producerEndMs + options.drainTimeout().toMillis();
            while (System.currentTimeMillis() < drainDeadline) {
                Thread.sleep(250);
                if (sampler.lastLag == 0 && System.currentTimeMillis() - stats.lastOutMs.get() > 1500) {
                    stats.drainedMs = System.currentTimeMillis();
                    break;
                }
            }
            if (alertReader != null) {
                // An alert may trail the enriched records by a commit interval: wait a little for the last episode's.
                io.monitor.ingest.demo.DemoGenerator.Episode last = producer.episodes().stream()
                        .filter(e -> producer.episodeFirstSentMs(e.index()) >= 0).reduce((a, b) -> b).orElse(null);
                long until = System.currentTimeMillis() + 15_000;
                while (last != null && System.currentTimeMillis() < until && alertReader.seen.stream()
                        .noneMatch(a -> last.brandId().equals(a.alert().brand())
                                && a.consumedMs() >= producer.episodeFirstSentMs(last.index()))) {
                    Thread.sleep(100);
                }
            }
            sampler.interrupt();
            sampler.join(5000);
            reader.shutdown();
            if (alertReader != null) {
                alertReader.shutdown();
            }
            return new PhaseResult(name, stats, producer, alertReader == null ? List.of() : List.copyOf(alertReader.seen));
        } finally {
            app.close().run();
        }
    }

    /** The start of a phase left out of the steady-state latency. */
    static Duration warmup(BenchOptions options) {
        return options.warmup();
    }

    /** What one phase produced and measured. */
    record PhaseResult(String name, Stats stats, LoadProducer producer, List<Probes.SeenAlert> alerts) {
    }

    static MonitorSettings settings(List<BrandSettings> brands, BenchOptions options, String bootstrap, Path dataDir,
                                    String appId) {
        KafkaSettings kafka = new KafkaSettings(bootstrap, dataDir, null, 1, options.exactlyOnce(), appId);
        MonitorSettings d = MonitorSettings.defaults();
        return new MonitorSettings(kafka, brands, d.ingest(), d.detection(), d.sentiment(), d.api(), d.notifications());
    }

    /**
     * The streams role as the product starts it, plus {@code --streams-config} properties. StreamsService takes extra
     * properties only through a package-private overload (its tests use it), so the bench calls that one
     * reflectively; without extra properties it uses the public method.
     */
    static StreamsService startStreams(MonitorSettings settings, String servers, Map<String, String> extra) throws Exception {
        if (extra.isEmpty()) {
            return StreamsService.start(settings, servers, new SimpleMeterRegistry());
        }
        java.lang.reflect.Method start;
        try {
            start = StreamsService.class.getDeclaredMethod("start", MonitorSettings.class, String.class,
                    io.micrometer.core.instrument.MeterRegistry.class, String.class, int.class, Map.class);
            start.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalStateException("--streams-config: this monitor-streams build has no StreamsService.start(..., Map overrides); "
                    + "run without --streams-config", e);
        }
        try {
            return (StreamsService) start.invoke(null, settings, servers, new SimpleMeterRegistry(), null, 0,
                    new java.util.HashMap<String, Object>(extra));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** The reference: raw bytes copied to {@link #COPY_TOPIC}, with the streams role's guarantee and commit interval. */
    static App passThrough(String bootstrap, String appId, Path stateDir, boolean exactlyOnce, Map<String, String> extra) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(Topics.MENTIONS_RAW.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to(COPY_TOPIC, Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, exactlyOnce ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.putAll(extra);
        KafkaStreams streams = new KafkaStreams(b.build(), p);
        streams.start();
        return new App(() -> streams.state() == KafkaStreams.State.RUNNING, () -> streams.close(Duration.ofSeconds(10)));
    }

    private static void createCopyTopic(Admin admin) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(COPY_TOPIC, Topics.MENTIONS_ENRICHED.partitions(), (short) 1)
                    .configs(Map.of("retention.ms", String.valueOf(3_600_000))))).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
