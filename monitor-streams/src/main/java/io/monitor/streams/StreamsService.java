package io.monitor.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.model.TimelineQuery;
import io.monitor.sentiment.LanguageDetectors;
import io.monitor.sentiment.SentimentScorers;
import io.monitor.streams.topology.TimelineCounts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link MonitorTopology} on a Kafka cluster: {@code try (StreamsService s = StreamsService.start(settings,
 * "localhost:9092")) { ... }}. The topics must exist ({@code TopicAdmin.ensureTopics}); Streams creates its own
 * internal topics.
 *
 * <p>Configuration: application id {@code kafka.applicationId}; {@code exactly_once_v2} when {@code kafka.exactlyOnce}
 * (else at-least-once); state under {@code kafka.dataDir/streams}; internal topics with {@code kafka.replicationFactor};
 * commit interval {@value #COMMIT_INTERVAL_MS} ms. The commit interval bounds alert latency twice over (record caches
 * forward window updates to the detector on commit, and read_committed consumers see alerts only after the
 * transaction commits), so it has to be far below the detection advance (10 s by default) and the "within minutes"
 * promise; 1 s costs about 20% less throughput than the 100 ms exactly-once default on this kind of machine
 * (see the platform notes: 150–160k vs 110–130k records/s for a windowed count), and adds at most one second.
 *
 * <p>Scale-out: start several instances with the same application id, each with its own state directory and
 * {@code applicationServer} ({@code host:port} of its HTTP server, which mounts {@link #timelineHandler()} at
 * {@link TimelineHttpHandler#PATH}); {@link #timelines()} then answers for every brand on every instance, routed
 * to the owner. {@code standbyReplicas} keeps warm copies of the stores on other instances.
 *
 * <p>Static membership: each instance joins the group with a stable {@code group.instance.id}
 * ({@link #instanceId}: the {@code applicationServer} when set, else the host name, plus a hash of the state
 * directory, so two instances on one host differ and a restarted one has the same id). An instance that crashed
 * (SIGKILL, OOM) and is started again takes its partitions back at once, without a rebalance and without waiting
 * out the session timeout of its old membership; a planned stop ({@link #close()}) still leaves the group. The
 * session timeout ({@value #SESSION_TIMEOUT_MS} ms) is how long the partitions of an instance that does not come
 * back wait before another one takes them over.
 *
 * <p>Client tuning (see {@link #config}): the producer batches up to {@value #BATCH_SIZE} bytes for
 * {@value #LINGER_MS} ms and compresses with lz4 (less for the broker, the changelogs and every reader of the
 * enriched topic to move and store), the main consumer fetches larger batches, and the record cache is
 * {@value #CACHE_MAX_BYTES} bytes. With {@code BrokerThroughputBench} (embedded broker in the same process) this cut
 * the whole process's CPU per mention by about a tenth against the Kafka defaults (368 vs 408 µs, one run each on
 * the shared 2-core machine under load 16-26), with the stream thread's own CPU unchanged.
 */
public final class StreamsService implements AutoCloseable {
    static final int COMMIT_INTERVAL_MS = 1000;
    /** Stream threads per instance: one per available core, at most 4. */
    static final int STREAM_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** How long a silent instance keeps its partitions (its restart within this time is seamless). */
    static final int SESSION_TIMEOUT_MS = 30_000;
    static final int LINGER_MS = 10;
    static final int BATCH_SIZE = 128 * 1024;
    static final long CACHE_MAX_BYTES = 32L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final TimelineQuery localTimelines;
    private final TimelineQuery timelines;

    private StreamsService(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.localTimelines = new StoreTimelineQuery(name -> timelineStore(name, false));
        this.timelines = self == null ? localTimelines
                : new RoutedTimelineQuery(streams, self, localTimelines, new StoreTimelineQuery(name -> timelineStore(name, true)));
    }

    /** Builds the topology with the configured scorer and the global Micrometer registry, and starts it. */
    public static StreamsService start(MonitorSettings settings, String bootstrapServers) {
        return start(settings, bootstrapServers, Metrics.globalRegistry);
    }

    /** One instance that answers timeline queries from its own stores only (no routing, no standby replicas). */
    public static StreamsService start(MonitorSettings settings, String bootstrapServers, MeterRegistry registry) {
        return start(settings, bootstrapServers, registry, null, 0);
    }

    /**
     * One of several instances sharing the work (same {@code kafka.applicationId}).
     *
     * @param applicationServer {@code host:port} at which the other instances reach this instance's
     *                          {@link TimelineHttpHandler} (Streams' {@code application.server}); null for a single
     *                          instance, whose {@link #timelines()} then answers locally
     * @param standbyReplicas   warm copies of each state store kept on other instances ({@code num.standby.replicas}):
     *                          a failed instance's partitions resume without replaying the changelog, and timeline
     *                          queries can be answered from a standby meanwhile
     */
    public static StreamsService start(MonitorSettings settings, String bootstrapServers, MeterRegistry registry,
                                       String applicationServer, int standbyReplicas) {
        return start(settings, bootstrapServers, registry, applicationServer, standbyReplicas, Map.of());
    }

    /**
     * As above, with extra Streams/client properties on top of the product's (tests: shorter session timeouts;
     * benchmarks: client tuning). The product's roles do not use it: their settings come from {@code kafka.*}.
     */
    public static StreamsService start(MonitorSettings settings, String bootstrapServers, MeterRegistry registry,
                                String applicationServer, int standbyReplicas, Map<String, Object> overrides) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas must not be negative: " + standbyReplicas);
        }
        HostInfo self = applicationServer == null || applicationServer.isBlank() ? null : HostInfo.buildFromEndpoint(applicationServer);
        Topology topology = MonitorTopology.build(settings, SentimentScorers.create(settings.sentiment().scorer()),
                LanguageDetectors.defaultDetector(), registry);
        Properties config = config(settings.kafka(), bootstrapServers);
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId(settings.kafka(), self));
        if (self != null) {
            config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        }
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        config.putAll(overrides);
        KafkaStreams streams = new KafkaStreams(topology, config);
        streams.setUncaughtExceptionHandler(e -> {
            // Bad input never gets here (it becomes a dead letter); what does is a bug or a broker problem that
            // replacing the thread would only repeat. Stop, and let /health/ready say so.
            LOG.error("Kafka Streams stopped on an unexpected error; the process needs attention", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> LOG.info("streams state {} -> {}", before, now));
        streams.start();
        return new StreamsService(streams, self);
    }

    static Properties config(KafkaSettings k, String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, k.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                k.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.STATE_DIR_CONFIG, k.dataDir().resolve("streams").toAbsolutePath().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, k.replicationFactor());
        // One stream thread per core (at most 4): on 2 cores with the broker in the same process, a second thread
        // took the bench from 17,250 to 20,654 mentions/s sustained at 20k/s offered, and the p50 sent→out after
        // warm-up from 22 s to 0.9 s (monitor-bench/reports/2026-11-27-1147-r20k-final-20k.md vs -2threads.md).
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS);
        // Processing errors in the global store of run-time brands (monitor.brands) go to the same handler.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Static membership needs a session timeout long enough to restart in, short enough for a real failure.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), SESSION_TIMEOUT_MS / 10);
        // Throughput: fewer, larger produce requests and fetches. Under exactly-once every commit flushes the
        // producer anyway, so the linger adds nothing to alert latency beyond the commit interval.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), LINGER_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), BATCH_SIZE);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // Larger fetches for the main consumer only (restore and global consumers keep the defaults); the wait is
        // bounded by 100 ms, far below the commit interval.
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 64 * 1024);
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 100);
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_MAX_BYTES);
        return p;
    }

    /**
     * This instance's {@code group.instance.id} (Streams appends the stream thread's index): the
     * {@code applicationServer} (as {@code host-port}) when set, else the host name ({@code $HOSTNAME}, else the local
     * host's name), then {@code -} and 8 hex digits of a hash of the absolute state directory. Stable across restarts
     * of the same instance (Kubernetes StatefulSet pods keep host name and volume), distinct for instances that share
     * a host (each has its own state directory, which Streams locks).
     */
    static String instanceId(KafkaSettings k, HostInfo self) {
        String host = self != null ? self.host() + "-" + self.port() : hostName();
        String dir = k.dataDir().resolve("streams").toAbsolutePath().normalize().toString();
        // Kafka allows ASCII letters, digits, '.', '_' and '-' in instance ids.
        return host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + String.format("%08x", dir.hashCode());
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | RuntimeException e) {
            return "localhost";
        }
    }

    /** Whether Streams is RUNNING (processing, stores queryable). */
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Timelines of any brand (1-minute, 5-minute and 1-hour windows, see {@link StoreTimelineQuery}): answered here
     * when this instance owns the brand's partition, else fetched from the owning instance over HTTP (when started
     * with an {@code applicationServer}; a single instance answers everything locally). Throws
     * {@link IllegalStateException} while no instance can answer (starting, rebalancing, restoring).
     */
    public TimelineQuery timelines() {
        return timelines;
    }

    /** Timelines from this instance's own store only: the brands whose partitions it owns. */
    public TimelineQuery localTimelines() {
        return localTimelines;
    }

    /** The handler other instances call; mount it at {@link TimelineHttpHandler#PATH} on this instance's server. */
    public TimelineHttpHandler timelineHandler() {
        return new TimelineHttpHandler(new StoreTimelineQuery(name -> timelineStore(name, true)));
    }

    private ReadOnlyWindowStore<String, TimelineCounts> timelineStore(String name, boolean includeStandby) {
        try {
            StoreQueryParameters<ReadOnlyWindowStore<String, TimelineCounts>> q = StoreQueryParameters.fromNameAndType(
                    name, QueryableStoreTypes.<String, TimelineCounts>windowStore());
            return streams.store(includeStandby ? q.enableStaleStores() : q);
        } catch (InvalidStateStoreException e) {
            throw new IllegalStateException("the timeline store cannot be queried right now (streams state "
                    + streams.state() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Stops processing within a few seconds: commits, closes the stores (with a checkpoint, so a restart does not
     * restore them from the changelog) and leaves the consumer group, static membership included: a stopped
     * instance's partitions move to the others at once instead of waiting {@value #SESSION_TIMEOUT_MS} ms for it.
     * The cost is one rebalance for the other instances, which a deliberate stop causes anyway. (A crash leaves no
     * time to leave; static membership makes the restarted instance take its partitions back at once.)
     */
    @Override
    public void close() {
        if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT))) {
            LOG.warn("Kafka Streams did not close within {}; state will be recovered from the changelog on restart",
                    CLOSE_TIMEOUT);
        }
    }
}
