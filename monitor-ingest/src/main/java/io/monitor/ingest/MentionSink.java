package io.monitor.ingest;

import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import java.util.List;

/** Where a {@link ConnectorRunner} puts what it fetched; {@link MentionPublisher} is the Kafka implementation. */
public interface MentionSink {

    /**
     * Publishes mentions and dead letters and returns only when all were acknowledged.
     *
     * @throws PublishException when any record was not acknowledged (the caller must not advance its cursor)
     */
    void publish(List<Mention> mentions, List<DeadLetter> deadLetters) throws InterruptedException;

    /** Sends a heartbeat; best effort, never blocks for long. */
    void health(ConnectorHealth health);

    /** Kafka did not acknowledge a record. */
    class PublishException extends RuntimeException {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
