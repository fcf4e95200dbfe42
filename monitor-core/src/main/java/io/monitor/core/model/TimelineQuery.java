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
     * Windows of size {@code window} (one of {@link #WINDOWS}) of {@code brand} that start in {@code [from, to)},
     * oldest first. Empty when the brand has no data.
     *
     * @throws IllegalArgumentException when {@code window} is not one this query serves
     * @throws IllegalStateException    when the store cannot be queried right now (rebalancing, restoring)
     */
    List<TimelinePoint> timeline(String brand, Duration window, Instant from, Instant to);

    /** The 1-minute windows: {@code timeline(brand, 1 minute, from, to)}. */
    default List<TimelinePoint> timeline(String brand, Instant from, Instant to) {
        return timeline(brand, WINDOWS.get(0), from, to);
    }
}
