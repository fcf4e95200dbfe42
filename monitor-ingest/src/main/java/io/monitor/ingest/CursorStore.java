package io.monitor.ingest;

import java.util.Optional;

/** Durable resume positions, one opaque string per connector id; {@link KafkaCursorStore} keeps them in Kafka. */
public interface CursorStore {

    Optional<String> load(String connectorId);

    /** Stores the cursor and returns once it is durable; throws {@link MentionSink.PublishException} otherwise. */
    void save(String connectorId, String cursor) throws InterruptedException;
}
