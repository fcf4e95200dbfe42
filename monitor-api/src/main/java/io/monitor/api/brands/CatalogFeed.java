package io.monitor.api.brands;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.api.channels.ChannelCatalog;
import io.monitor.api.kafka.BackgroundTopicReader;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.BrandDefinition;
import io.monitor.core.model.ChannelDefinition;
import io.monitor.core.model.PlannedEvent;
import io.monitor.api.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code Topics.BRANDS} and {@code Topics.PLANNED_EVENTS} from the beginning into a {@link BrandCatalog} and a
 * {@link PlannedEventStore} on one background thread ({@link BackgroundTopicReader}), and keeps following them, so
 * every API instance serves the changes any instance made; with a {@link ChannelCatalog} also {@code Topics.CHANNELS}
 * (notification channels), on the same thread. The topics are compacted and small (one record per brand
 * or event), so reading them whole at start is cheap.
 *
 * <p>A tombstone (null value) drops the run-time change of its key. Records that cannot be read (bad JSON, unknown
 * {@code schemaVersion}, a value whose id differs from its key) are skipped and counted in
 * {@code monitor.api.catalog.records.invalid}, with a warning at most once per {@link #LOG_EVERY}.
 *
 * <p>{@link #awaitLatest} lets a write wait until this view holds every change already on the topics, so a change made
 * on one instance and followed at once by a change on another (read-modify-write of a planned event) builds on the
 * newest state instead of silently undoing the first change.
 */
public final class CatalogFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogFeed.class);
    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final BrandCatalog brands;
    private final PlannedEventStore events;
    private final ChannelCatalog channels;
    private final List<String> topics;
    private final Counter read;
    private final Counter invalid;
    private final BackgroundTopicReader reader;
    private final String bootstrapServers;
    /** Per partition: the offset after the last record this view applied (or skipped). */
    private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();
    private KafkaConsumer<byte[], byte[]> offsets; // for awaitLatest only; guarded by this
    private long nextWarnNanos = System.nanoTime();
    private long suppressed;

    public CatalogFeed(String bootstrapServers, BrandCatalog brands, PlannedEventStore events, MeterRegistry meters) {
        this(bootstrapServers, brands, events, null, meters);
    }

    /** @param channels the channel view to keep in step with {@code Topics.CHANNELS}; null: that topic is not read */
    public CatalogFeed(String bootstrapServers, BrandCatalog brands, PlannedEventStore events, ChannelCatalog channels,
                       MeterRegistry meters) {
        this.brands = brands;
        this.events = events;
        this.channels = channels;
        this.topics = channels == null ? List.of(Topics.BRANDS.name(), Topics.PLANNED_EVENTS.name())
                : List.of(Topics.BRANDS.name(), Topics.PLANNED_EVENTS.name(), Topics.CHANNELS.name());
        this.bootstrapServers = bootstrapServers;
        this.read = Counter.builder("monitor.api.catalog.records")
                .description("brand and planned-event records applied to the API's view").register(meters);
        this.invalid = Counter.builder("monitor.api.catalog.records.invalid")
                .description("brand and planned-event records that could not be read and were skipped").register(meters);
        this.reader = new BackgroundTopicReader("brand catalog", bootstrapServers,
                topics, "earliest",
                "brand, planned-event and channel changes of other API instances are not seen", this::seek, this::apply,
                () -> LOG.info("brands and planned events are loaded"), () -> { });
    }

    public void start() {
        reader.start();
    }

    /** True once both topics were read up to their end at start. */
    public boolean caughtUp() {
        return reader.caughtUp();
    }

    private Map<TopicPartition, Long> seek(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        c.seekToBeginning(partitions);
        return c.endOffsets(partitions, Duration.ofSeconds(30));
    }

    /**
     * Waits (at most {@code max}) until every record now on the two topics has been applied to this view; a 503
     * problem when it has not, so that the caller's change is not built on an outdated state.
     */
    public synchronized void awaitLatest(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        Map<TopicPartition, Long> end;
        try {
            if (offsets == null) {
                Map<String, Object> config = new HashMap<>();
                config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                config.put(ConsumerConfig.CLIENT_ID_CONFIG, "monitor-api-brand-catalog-offsets");
                config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
                offsets = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : offsets.partitionsFor(topic, max)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            end = offsets.endOffsets(partitions, max);
        } catch (org.apache.kafka.common.KafkaException e) {
            LOG.warn("could not read the end offsets of {} and {}: {}", Topics.BRANDS, Topics.PLANNED_EVENTS, e.toString());
            throw ApiException.unavailable("Kafka is not reachable right now; nothing was changed, try again");
        }
        while (!reached(end)) {
            if (System.nanoTime() - deadline > 0) {
                throw ApiException.unavailable("this API instance has not yet read the latest brand and planned-event "
                        + "changes from Kafka; nothing was changed, try again in a few seconds");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.unavailable("interrupted; nothing was changed, try again");
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (e.getValue() > 0 && applied.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        try {
            applyRecord(r);
        } finally {
            // After the view changed: awaitLatest must not return before the record is visible.
            applied.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
    }

    private void applyRecord(ConsumerRecord<byte[], byte[]> r) {
        try {
            String key = r.key() == null ? null : Topics.BRANDS.keySerde().deserializer().deserialize(r.topic(), r.key());
            if (key == null) {
                throw new IllegalArgumentException("no key");
            }
            if (r.topic().equals(Topics.BRANDS.name())) {
                if (r.value() == null) {
                    brands.revert(key, r.offset());
                } else {
                    BrandDefinition d = Topics.BRANDS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    requireSameId(key, d.id());
                    brands.apply(d, r.offset());
                }
            } else if (r.topic().equals(Topics.CHANNELS.name())) {
                if (r.value() == null) {
                    channels.revert(key, r.offset());
                } else {
                    ChannelDefinition d = Topics.CHANNELS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    requireSameId(key, d.id());
                    if (!d.deleted() && (d.channel() == null || !key.equals(d.channel().id()))) {
                        throw new IllegalArgumentException("the channel in the value is missing or has another id");
                    }
                    channels.apply(d, r.offset());
                }
            } else {
                if (r.value() == null) {
                    events.remove(key, r.offset());
                } else {
                    PlannedEvent e = Topics.PLANNED_EVENTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    requireSameId(key, e.id());
                    events.apply(e, r.offset());
                }
            }
            read.increment();
        } catch (RuntimeException e) {
            invalid.increment();
            warnRateLimited(r, e);
        }
    }

    private static void requireSameId(String key, String id) {
        if (!key.equals(id)) {
            throw new IllegalArgumentException("key '" + key + "' differs from the id '" + id + "' in the value");
        }
    }

    private void warnRateLimited(ConsumerRecord<byte[], byte[]> r, RuntimeException e) {
        long now = System.nanoTime();
        if (now - nextWarnNanos < 0) {
            suppressed++;
            return;
        }
        LOG.warn("skipping unreadable record {}-{}@{}: {}{}", r.topic(), r.partition(), r.offset(), e.getMessage(),
                suppressed == 0 ? "" : " (" + suppressed + " more skipped since the last warning; see metric "
                        + "monitor.api.catalog.records.invalid)");
        suppressed = 0;
        nextWarnNanos = now + LOG_EVERY.toNanos();
    }

    @Override
    public void close() {
        reader.close();
        synchronized (this) {
            if (offsets != null) {
                offsets.close(Duration.ofSeconds(2));
                offsets = null;
            }
        }
    }
}
