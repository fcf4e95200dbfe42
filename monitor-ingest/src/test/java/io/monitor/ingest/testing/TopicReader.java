package io.monitor.ingest.testing;

import io.monitor.core.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a typed topic from the beginning on a real broker, with the topic's own serdes (from {@code Topics}). */
public final class TopicReader<K, V> implements AutoCloseable {
    private final Topic<K, V> topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    public final List<ConsumerRecord<K, V>> records = new ArrayList<>();

    public TopicReader(String bootstrap, Topic<K, V> topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Polls (deserializing every record; a record that does not deserialize fails the test) until {@code done}. */
    public List<ConsumerRecord<K, V>> readUntil(Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " reading " + topic.name() + "; have "
                        + records.size() + " records");
            }
            poll();
        }
        return records;
    }

    /** Reads for a while more, to see that nothing else arrives. */
    public List<ConsumerRecord<K, V>> readFor(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            poll();
        }
        return records;
    }

    private void poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            K k = topic.keySerde().deserializer().deserialize(topic.name(), r.key());
            V v = topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
            records.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), k, v));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
