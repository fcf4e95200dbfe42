package io.monitor.ingest;

import java.time.Duration;

/**
 * One source of mentions. A connector only knows its platform: how to fetch what is new after a cursor and how
 * to map it to {@link io.monitor.core.model.Mention}s. Throttling, publishing, cursor storage, retries, health and
 * metrics are the {@link ConnectorRunner}'s job, the same for every connector.
 *
 * <p>Implementations are used by one runner thread only and need not be thread-safe.
 */
public interface Connector extends AutoCloseable {

    /** The configured source id; names its cursor, its heartbeat and its metrics. */
    String id();

    /** The platform name written into {@code Mention.platform} (a bounded metric tag). */
    String platform();

    /** Time between two fetches when the last one returned everything there was. */
    Duration pollInterval();

    /**
     * Fetches what is new after {@code cursor}.
     *
     * @param cursor the cursor of the last batch whose mentions Kafka acknowledged, null on the very first run
     * @return the mapped mentions (oldest first), the payloads that could not be mapped, and the cursor that is
     *         valid once all of them are acknowledged
     * @throws FetchException when the fetch failed; {@link FetchException#retryable()} says whether to try again
     */
    Batch fetch(String cursor) throws FetchException, InterruptedException;

    /** Whether the runner stores this connector's cursor in Kafka (false for generated sources like the demo). */
    default boolean durableCursor() {
        return true;
    }

    @Override
    default void close() {
    }
}
