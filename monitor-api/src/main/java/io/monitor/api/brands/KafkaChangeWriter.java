package io.monitor.api.brands;

import io.monitor.api.http.ApiException;
import io.monitor.core.kafka.Topic;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.BrandDefinition;
import io.monitor.core.model.ChannelDefinition;
import io.monitor.core.model.PlannedEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes brand changes to {@code Topics.BRANDS} (key = brand id), planned events to {@code Topics.PLANNED_EVENTS}
 * (key = event id) and notification channels to {@code Topics.CHANNELS} (key = channel id) with one idempotent
 * producer and {@code acks=all}, and waits for the acknowledgement: a 2xx answer
 * means the change is on the broker, where the topology and every other API instance read it.
 */
public final class KafkaChangeWriter implements ChangeWriter {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaChangeWriter.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final String bootstrapServers;
    private volatile Producer<String, byte[]> producer;

    public KafkaChangeWriter(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public synchronized void start() {
        if (producer != null) {
            return;
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "monitor-api-brand-changes",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 14_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public long write(BrandDefinition brand) {
        return send(Topics.BRANDS, brand.id(), brand, "brand '" + brand.id() + "'");
    }

    @Override
    public long write(PlannedEvent event) {
        return send(Topics.PLANNED_EVENTS, event.id(), event, "planned event '" + event.id() + "'");
    }

    @Override
    public long write(ChannelDefinition channel) {
        return send(Topics.CHANNELS, channel.id(), channel, "channel '" + channel.id() + "'");
    }

    private <V> long send(Topic<String, V> topic, String key, V value, String what) {
        Producer<String, byte[]> p = producer;
        if (p == null) {
            throw ApiException.unavailable("the server is not started");
        }
        // The topic's own serde: it refuses what its readers would refuse, before anything is sent.
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        try {
            return p.send(new ProducerRecord<>(topic.name(), key, bytes)).get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while storing the " + what + "; try again");
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            LOG.warn("could not write {} to {}: {}", what, topic.name(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            throw ApiException.unavailable("the " + what + " could not be stored (Kafka did not acknowledge it in "
                    + "time); nothing was changed, try again");
        }
    }

    @Override
    public void close() {
        Producer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(2));
        }
    }
}
