package io.monitor.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.model.TimelineQuery;
import io.monitor.sentiment.LanguageDetectors;
import io.monitor.sentiment.SentimentScorers;
import io.monitor.streams.topology.TimelineCounts;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
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
 */
public final class StreamsService implements AutoCloseable {
    static final int COMMIT_INTERVAL_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final TimelineQuery timelines;

    private StreamsService(KafkaStreams streams) {
        this.streams = streams;
        this.timelines = new StoreTimelineQuery(this::timelineStore);
    }

    /** Builds the topology with the configured scorer and the global Micrometer registry, and starts it. */
    public static StreamsService start(MonitorSettings settings, String bootstrapServers) {
        return start(settings, bootstrapServers, Metrics.globalRegistry);
    }

    public static StreamsService start(MonitorSettings settings, String bootstrapServers, MeterRegistry registry) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Topology topology = MonitorTopology.build(settings, SentimentScorers.create(settings.sentiment().scorer()),
                LanguageDetectors.defaultDetector(), registry);
        KafkaStreams streams = new KafkaStreams(topology, config(settings.kafka(), bootstrapServers));
        streams.setUncaughtExceptionHandler(e -> {
            // Bad input never gets here (it becomes a dead letter); what does is a bug or a broker problem that
            // replacing the thread would only repeat. Stop, and let /health/ready say so.
            LOG.error("Kafka Streams stopped on an unexpected error; the process needs attention", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> LOG.info("streams state {} -> {}", before, now));
        streams.start();
        return new StreamsService(streams);
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
        // Two cores are shared by every role of the product; more threads gave no gain in the platform measurements.
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return p;
    }

    /** Whether Streams is RUNNING (processing, stores queryable). */
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Timelines from the local instance's {@value MonitorTopology#TIMELINE_STORE} store: 1-minute windows of
     * the brands whose partitions this instance owns (all brands with one instance). Throws
     * {@link IllegalStateException} while the store is not queryable (starting, rebalancing, restoring).
     */
    public TimelineQuery timelines() {
        return timelines;
    }

    private ReadOnlyWindowStore<String, TimelineCounts> timelineStore() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(MonitorTopology.TIMELINE_STORE,
                    QueryableStoreTypes.<String, TimelineCounts>windowStore()));
        } catch (InvalidStateStoreException e) {
            throw new IllegalStateException("the timeline store cannot be queried right now (streams state "
                    + streams.state() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Stops processing within a few seconds: commits, closes the stores (with a checkpoint, so a restart does not
     * restore them from the changelog) and leaves the consumer group. Leaving matters: Streams stays in the group by
     * default, and an instance started again then waits out the session timeout (45 s, measured) before it gets its
     * partitions back. The cost is one rebalance for the other instances, which a deliberate stop causes anyway.
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
