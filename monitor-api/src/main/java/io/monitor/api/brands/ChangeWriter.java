package io.monitor.api.brands;

import io.monitor.core.model.BrandDefinition;
import io.monitor.core.model.ChannelDefinition;
import io.monitor.core.model.PlannedEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where brand, planned-event and channel changes are stored: {@link KafkaChangeWriter} writes them to {@code Topics.BRANDS} and
 * {@code Topics.PLANNED_EVENTS}, {@code Topics.CHANNELS}; {@link #inMemory()} only numbers them (servers without Kafka: tests, embedding).
 * Each write returns once the change is durable, with the offset that orders it among the changes of the same key.
 */
public interface ChangeWriter extends AutoCloseable {

    /** Stores a brand change; returns its offset. Throws a 503 {@code ApiException} when it could not be stored. */
    long write(BrandDefinition brand);

    /** Stores a planned-event change; returns its offset. Throws a 503 {@code ApiException} when it could not be stored. */
    long write(PlannedEvent event);

    /** Stores a notification-channel change; returns its offset. Throws a 503 {@code ApiException} when it could not be stored. */
    long write(ChannelDefinition channel);

    default void start() {
    }

    @Override
    default void close() {
    }

    /** A writer that keeps nothing: the caller's view is the only copy (for servers without Kafka). */
    static ChangeWriter inMemory() {
        AtomicLong offsets = new AtomicLong();
        return new ChangeWriter() {
            @Override
            public long write(BrandDefinition brand) {
                return offsets.getAndIncrement();
            }

            @Override
            public long write(PlannedEvent event) {
                return offsets.getAndIncrement();
            }

            @Override
            public long write(ChannelDefinition channel) {
                return offsets.getAndIncrement();
            }
        };
    }
}
