package io.monitor.core.kafka;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with the serdes of its keys and values and how to create it.
 *
 * <p>Immutable; all instances live in {@link Topics}. {@code partitions} is the default used when the
 * project creates the topic itself (local mode, tests); {@code configs} are topic-level settings such
 * as {@code cleanup.policy=compact}.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
                          Map<String, String> configs) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive: " + name);
        }
        configs = Map.copyOf(configs);
    }

    public boolean compacted() {
        return configs.getOrDefault("cleanup.policy", "delete").contains("compact");
    }

    @Override
    public String toString() {
        return name;
    }
}
