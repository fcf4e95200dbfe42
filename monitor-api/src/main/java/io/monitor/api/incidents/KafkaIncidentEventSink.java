package io.monitor.api.incidents;

import io.monitor.api.http.ApiException;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.IncidentEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes lifecycle events to {@code Topics.INCIDENT_EVENTS} (key = fingerprint, so one incident's events stay in
 * order on one partition) with an idempotent producer and {@code acks=all}; {@link #publish} waits for the
 * acknowledgement, so a 2xx answer means the action is stored.
 */
public final class KafkaIncidentEventSink implements IncidentEventSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaIncidentEventSink.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final String bootstrapServers;
    private volatile Producer<String, IncidentEvent> producer;

    public KafkaIncidentEventSink(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public void start() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "monitor-api-incident-events",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 14_000),
                Topics.INCIDENT_EVENTS.keySerde().serializer(), Topics.INCIDENT_EVENTS.valueSerde().serializer());
    }

    @Override
    public void publish(IncidentEvent event) {
        Producer<String, IncidentEvent> p = producer;
        if (p == null) {
            throw ApiException.unavailable("the server is not started");
        }
        try {
            p.send(new ProducerRecord<>(Topics.INCIDENT_EVENTS.name(), event.fingerprint(), event))
                    .get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while recording the action; try again");
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            LOG.warn("could not record {} on incident {} in Kafka: {}", event.type(), event.fingerprint(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            throw ApiException.unavailable("the action could not be recorded (Kafka did not acknowledge it in time); "
                    + "nothing was changed, try again");
        }
    }

    @Override
    public void close() {
        Producer<String, IncidentEvent> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(2));
        }
    }
}
