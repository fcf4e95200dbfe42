package io.monitor.ingest;

import io.monitor.core.kafka.Topic;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes mentions to {@link Topics#MENTIONS_RAW} (key {@link Mention#key()}), dead letters to
 * {@link Topics#DEAD_LETTERS} (key = connector id) and heartbeats to {@link Topics#CONNECTOR_HEALTH}
 * (key = connector id) with one idempotent {@code acks=all} producer, shared by all runners (thread-safe).
 */
public final class MentionPublisher implements MentionSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MentionPublisher.class);
    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final Producer<String, byte[]> producer;

    public MentionPublisher(String bootstrapServers) {
        this(new KafkaProducer<>(producerConfig(bootstrapServers, "monitor-ingest"), new StringSerializer(),
                new ByteArraySerializer()));
    }

    MentionPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** The producer settings every ingest producer uses: idempotent, acks=all, bounded delivery time. */
    static Map<String, Object> producerConfig(String bootstrapServers, String clientId) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 45_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    }

    @Override
    public void publish(List<Mention> mentions, List<DeadLetter> deadLetters) throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(mentions.size() + deadLetters.size());
        try {
            for (Mention m : mentions) {
                acks.add(producer.send(record(Topics.MENTIONS_RAW, m.key(), m)));
            }
            for (DeadLetter d : deadLetters) {
                acks.add(producer.send(record(Topics.DEAD_LETTERS, d.sourceTopic(), d)));
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            throw interrupted(e);
        } catch (RuntimeException e) {
            throw new PublishException("Kafka refused a record: " + e.getMessage(), e);
        }
        try {
            producer.flush();
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // a stop while Kafka has the batch: the runner ends cleanly with its cursor where it was (the batch
            // may be in Kafka already and is then published again after the restart; downstream dedups by key)
            throw interrupted(e);
        }
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new PublishException("Kafka did not acknowledge: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new PublishException("no acknowledgement from Kafka within " + ACK_TIMEOUT_SECONDS + " s", e);
            }
        }
    }

    /** Kafka's unchecked InterruptException as the checked one the runner stops on; keeps the interrupt status. */
    private static InterruptedException interrupted(org.apache.kafka.common.errors.InterruptException e) {
        Thread.currentThread().interrupt();
        InterruptedException ie = new InterruptedException("stopped while publishing: " + e.getMessage());
        ie.initCause(e);
        return ie;
    }

    @Override
    public void health(ConnectorHealth health) {
        try {
            producer.send(record(Topics.CONNECTOR_HEALTH, health.connectorId(), health), (md, e) -> {
                if (e != null) {
                    LOG.warn("heartbeat of {} not sent: {}", health.connectorId(), e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("heartbeat of {} not sent: {}", health.connectorId(), e.toString());
        }
    }

    private static <V> ProducerRecord<String, byte[]> record(Topic<String, V> topic, String key, V value) {
        return new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(3));
    }
}
