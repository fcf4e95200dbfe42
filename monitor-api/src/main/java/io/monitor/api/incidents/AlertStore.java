package io.monitor.api.incidents;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.api.kafka.BackgroundTopicReader;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.IncidentEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link IncidentStore} up to date from Kafka: reads {@code Topics.ALERTS} (compacted, key = fingerprint)
 * and {@code Topics.INCIDENT_EVENTS} from the beginning with a plain consumer (all partitions assigned, no consumer
 * group, {@code read_committed}) on one background thread.
 *
 * <p>{@link #caughtUp()} turns true once the consumer has reached the end offsets the topics had when it started, so
 * readiness means "the incident list is complete". A record that cannot be read is logged with its topic, partition
 * and offset and skipped (it stays in Kafka); a tombstone removes the incident.
 */
public final class AlertStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertStore.class);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final IncidentStore store;
    private final Counter invalid;
    private final Counter read;
    private final BackgroundTopicReader reader;
    private long nextPrune; // reader thread only

    public AlertStore(String bootstrapServers, IncidentStore store, MeterRegistry meters) {
        this.store = store;
        this.invalid = Counter.builder("monitor.api.store.records.invalid")
                .description("alert and incident-event records that could not be read and were skipped").register(meters);
        this.read = Counter.builder("monitor.api.store.records")
                .description("alert and incident-event records applied to the incident view").register(meters);
        // Re-reading from the beginning is safe: identical alerts and known event ids change nothing.
        this.reader = new BackgroundTopicReader("alert store", bootstrapServers,
                List.of(Topics.ALERTS.name(), Topics.INCIDENT_EVENTS.name()), "earliest",
                "the incident view is not updated", this::seek, this::apply, this::onCaughtUp,
                this::afterPoll);
    }

    public void start() {
        reader.start();
    }

    /** True once everything that was on the topics at start has been applied. */
    public boolean caughtUp() {
        return reader.caughtUp();
    }

    private Map<TopicPartition, Long> seek(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> targets = c.endOffsets(partitions, Duration.ofSeconds(30));
        LOG.info("reading incidents from {} and {} up to {}", Topics.ALERTS, Topics.INCIDENT_EVENTS, targets);
        nextPrune = System.nanoTime() + PRUNE_EVERY.toNanos();
        return targets;
    }

    private void onCaughtUp() {
        LOG.info("incident view is complete: {} incidents", store.size());
    }

    private void afterPoll() {
        if (System.nanoTime() > nextPrune) {
            int dropped = store.prune();
            if (dropped > 0) {
                LOG.info("dropped {} resolved incidents past the retention", dropped);
            }
            nextPrune = System.nanoTime() + PRUNE_EVERY.toNanos();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        try {
            if (r.topic().equals(Topics.ALERTS.name())) {
                if (r.value() == null) {
                    String fp = Topics.ALERTS.keySerde().deserializer().deserialize(r.topic(), r.key());
                    if (fp != null) {
                        store.remove(fp);
                    }
                } else {
                    store.apply(Topics.ALERTS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                }
            } else if (r.value() != null) {
                IncidentEvent e = Topics.INCIDENT_EVENTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                store.apply(e);
            } else {
                // Lifecycle events are history and never deleted: a null value is not something this product writes.
                throw new IllegalArgumentException("a lifecycle event without a value (tombstone) means nothing here");
            }
            read.increment();
        } catch (RuntimeException e) {
            invalid.increment();
            LOG.warn("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
