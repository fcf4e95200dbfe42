package io.monitor.api.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link Delivery}s to {@code Topics.NOTIFICATIONS_OUTBOX} with an idempotent producer ({@code acks=all}), key
 * {@code channel:fingerprint}: one channel's deliveries for one incident land on one partition, in order. Does not
 * wait for the acknowledgement (it is called while the incident view is locked); a delivery Kafka did not take is
 * logged as an error with its channel, incident and kind and counted, never dropped silently.
 */
final class OutboxWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxWriter.class);
    private final Producer<String, String> producer;
    private final Counter written;
    private final Counter failed;

    OutboxWriter(String bootstrapServers, MeterRegistry meters) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "monitor-api-notifications-outbox",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // Bounded: the caller holds the incident view's lock.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
                Topics.NOTIFICATIONS_OUTBOX.keySerde().serializer(),
                Topics.NOTIFICATIONS_OUTBOX.valueSerde().serializer());
        written = Counter.builder("monitor.api.notifications.outbox").tag("outcome", "written")
                .description("deliveries written to the notification outbox").register(meters);
        failed = Counter.builder("monitor.api.notifications.outbox").tag("outcome", "failed")
                .description("deliveries written to the notification outbox").register(meters);
    }

    void write(Delivery d) {
        String value;
        try {
            value = Json.MAPPER.writeValueAsString(d);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize delivery", e);
        }
        try {
            producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS_OUTBOX.name(), d.key(), value), (md, e) -> {
                if (e == null) {
                    written.increment();
                } else {
                    failed.increment();
                    LOG.error("notification {} ({} of incident {} to channel {}) could not be written to {}: {}; "
                            + "it is not sent. Check the Kafka cluster.", d.deliveryId(), d.kind(),
                            d.incident().fingerprint(), d.channel(), Topics.NOTIFICATIONS_OUTBOX, e.toString());
                }
            });
        } catch (org.apache.kafka.common.KafkaException e) {
            failed.increment();
            LOG.error("notification {} ({} of incident {} to channel {}) could not be written to {}: {}; it is not "
                    + "sent. Check the Kafka cluster.", d.deliveryId(), d.kind(), d.incident().fingerprint(),
                    d.channel(), Topics.NOTIFICATIONS_OUTBOX, e.toString());
        }
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
