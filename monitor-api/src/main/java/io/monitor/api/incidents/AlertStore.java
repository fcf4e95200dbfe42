package io.monitor.api.incidents;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.IncidentEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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

    private final String bootstrapServers;
    private final IncidentStore store;
    private final Counter invalid;
    private final Counter read;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public AlertStore(String bootstrapServers, IncidentStore store, MeterRegistry meters) {
        this.bootstrapServers = bootstrapServers;
        this.store = store;
        this.invalid = Counter.builder("monitor.api.store.records.invalid")
                .description("alert and incident-event records that could not be read and were skipped").register(meters);
        this.read = Counter.builder("monitor.api.store.records")
                .description("alert and incident-event records applied to the incident view").register(meters);
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "monitor-api-alert-store");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once everything that was on the topics at start has been applied. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        while (running) {
            try {
                consume();
            } catch (WakeupException e) {
                if (running) {
                    LOG.error("alert store consumer woken up unexpectedly; restarting it", e);
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                // Re-reading from the beginning is safe: identical alerts and known event ids change nothing.
                LOG.error("alert store consumer failed; restarting it in 5 s (the incident view is not updated "
                        + "meanwhile)", e);
            }
            if (running) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void consume() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "monitor-api-alert-store");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = waitForPartitions(c);
            if (partitions == null) {
                return;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> targets = c.endOffsets(partitions, Duration.ofSeconds(30));
            LOG.info("reading incidents from {} and {} up to {}", Topics.ALERTS, Topics.INCIDENT_EVENTS, targets);
            long nextPrune = System.nanoTime() + PRUNE_EVERY.toNanos();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
                if (!caughtUp && reached(c, targets)) {
                    caughtUp = true;
                    LOG.info("incident view is complete: {} incidents", store.size());
                }
                if (System.nanoTime() > nextPrune) {
                    int dropped = store.prune();
                    if (dropped > 0) {
                        LOG.info("dropped {} resolved incidents past the retention", dropped);
                    }
                    nextPrune = System.nanoTime() + PRUNE_EVERY.toNanos();
                }
            }
        } finally {
            consumer = null;
        }
    }

    /** All partitions of both topics, waiting while the topics do not exist yet; null when closed meanwhile. */
    private List<TopicPartition> waitForPartitions(KafkaConsumer<byte[], byte[]> c) {
        boolean warned = false;
        while (running) {
            List<TopicPartition> out = new ArrayList<>();
            boolean complete = true;
            for (String topic : List.of(Topics.ALERTS.name(), Topics.INCIDENT_EVENTS.name())) {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    complete = false;
                } else {
                    infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            if (complete) {
                return out;
            }
            if (!warned) {
                LOG.warn("topics {} and {} do not exist yet on {}; waiting for them to be created", Topics.ALERTS,
                        Topics.INCIDENT_EVENTS, bootstrapServers);
                warned = true;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
            if (c.position(t.getKey()) < t.getValue()) {
                return false;
            }
        }
        return true;
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
            }
            read.increment();
        } catch (RuntimeException e) {
            invalid.increment();
            LOG.warn("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (t != null) {
            if (c == null) {
                t.interrupt(); // ends a restart back-off sleep at once (a consumer is ended by wakeup, not interrupts)
            }
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
