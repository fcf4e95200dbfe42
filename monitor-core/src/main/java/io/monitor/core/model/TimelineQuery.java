package io.monitor.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reads a brand's timeline from wherever it is kept (the Streams state stores in practice), so the API
 * does not depend on the Streams module.
 */
public interface TimelineQuery {
    /** The window sizes a timeline is served in: 1 minute, 5 minutes, 1 hour. */
    List<Duration> WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));

    /**
     * 1-minute windows of {@code brand} that start in {@code [from, to)}, oldest first. Empty when the brand has no
     * data.
     *
     * @throws IllegalStateException when the store cannot be queried right now (rebalancing, restoring)
     */
    List<TimelinePoint> timeline(String brand, Instant from, Instant to);

    /**
     * Windows of size {@code window} (one of {@link #WINDOWS}) of {@code brand} that start in {@code [from, to)},
     * oldest first. Implementations that keep only 1-minute windows serve only those.
     *
     * @throws IllegalArgumentException when {@code window} is not one this query serves
     * @throws IllegalStateException    when the store cannot be queried right now (rebalancing, restoring)
     */
    default List<TimelinePoint> timeline(String brand, Duration window, Instant from, Instant to) {
        if (!WINDOWS.get(0).equals(window)) {
            throw new IllegalArgumentException("window " + window + " is not served here; this timeline keeps "
                    + WINDOWS.get(0) + " windows only");
        }
        return timeline(brand, from, to);
    }
}
