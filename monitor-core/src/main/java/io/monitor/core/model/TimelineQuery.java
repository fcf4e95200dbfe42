package io.monitor.core.model;

import java.time.Instant;
import java.util.List;

/**
 * Reads a brand's timeline from wherever it is kept (the Streams state stores in practice), so the API
 * does not depend on the Streams module.
 */
public interface TimelineQuery {
    /**
     * Windows of {@code brand} that start in {@code [from, to)}, oldest first. Empty when the brand has no data.
     *
     * @throws IllegalStateException when the store cannot be queried right now (rebalancing, restoring)
     */
    List<TimelinePoint> timeline(String brand, Instant from, Instant to);
}
