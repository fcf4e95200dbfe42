package io.monitor.ingest;

import io.monitor.core.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connector cursors on the compacted {@link Topics#CONNECTOR_CURSORS} topic (key = connector id, value = the
 * connector's opaque cursor text). {@link #open} reads the topic from the beginning to its end once, so a restarted
 * process resumes where the last acknowledged batch ended; {@link #save} returns only after Kafka acknowledged.
 *
 * <p>One ingest process per set of connector ids: two processes running the same connector id would overwrite
 * each other's cursor.
 */
public final class KafkaCursorStore implements CursorStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCursorStore.class);

    private final Map<String, String> cursors = new ConcurrentHashMap<>();
    private final KafkaProducer<String, String> producer;

    private KafkaCursorStore(KafkaProducer<String, String> producer) {
        this.producer = producer;
    }

    /** Reads every stored cursor, then returns a store ready for {@link #save}. */
    public static KafkaCursorStore open(String bootstrapServers) {
        KafkaCursorStore store = new KafkaCursorStore(new KafkaProducer<>(
                MentionPublisher.producerConfig(bootstrapServers, "monitor-ingest-cursors"),
                new StringSerializer(), new StringSerializer()));
        store.readAll(bootstrapServers);
        return store;
    }

    private void readAll(String bootstrapServers) {
        String topic = Topics.CONNECTOR_CURSORS.name();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist: create the topics first");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the cursors from " + topic + " within 60 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() == null) {
                        continue;
                    }
                    if (r.value() == null) {
                        cursors.remove(r.key());
                    } else {
                        cursors.put(r.key(), r.value());
                    }
                }
            }
        }
        LOG.info("read {} connector cursors from {}", cursors.size(), topic);
    }

    @Override
    public Optional<String> load(String connectorId) {
        return Optional.ofNullable(cursors.get(connectorId));
    }

    @Override
    public void save(String connectorId, String cursor) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(Topics.CONNECTOR_CURSORS.name(), connectorId, cursor))
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new MentionSink.PublishException("cursor of " + connectorId + " not stored: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new MentionSink.PublishException("cursor of " + connectorId + " not acknowledged within 60 s", e);
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // Kafka's unchecked form (a stop while the producer waits for metadata or buffer space) is a stop like
            // any other: the runner must end cleanly and say "stopped", not report a bug
            Thread.currentThread().interrupt();
            InterruptedException ie = new InterruptedException("stopped while storing the cursor of " + connectorId);
            ie.initCause(e);
            throw ie;
        }
        cursors.put(connectorId, cursor);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(3));
    }
}
