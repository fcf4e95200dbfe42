package io.monitor.api.incidents;

import io.monitor.core.model.IncidentEvent;

/** Where lifecycle actions are recorded: Kafka in production ({@link KafkaIncidentEventSink}), the store in tests. */
public interface IncidentEventSink extends AutoCloseable {
    /**
     * Records the event durably; returns only once it is stored.
     *
     * @throws io.monitor.api.http.ApiException 503 when it cannot be recorded now
     */
    void publish(IncidentEvent event);

    default void start() {
    }

    @Override
    default void close() {
    }
}
