package io.monitor.api;

import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelineQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TimelineQuery} over points held in memory, answering as the Streams stores do: the windows of one brand and
 * size whose start lies in {@code [from, to)}, oldest first; {@link IllegalArgumentException} for a window size it does
 * not keep; {@link IllegalStateException} while {@link #unavailable} is set (a store restoring). Records every call.
 */
final class InMemoryTimelines implements TimelineQuery {
    /** One call as the API made it. */
    record Call(String brand, Duration window, Instant from, Instant to) {
    }

    private final Set<Duration> kept;
    private final Map<String, NavigableMap<Instant, TimelinePoint>> points = new ConcurrentHashMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    /** When set, every query fails with this message as an {@link IllegalStateException}. */
    volatile String unavailable;

    /** Keeps the given window sizes ({@link TimelineQuery#WINDOWS} when none are given). */
    InMemoryTimelines(Duration... kept) {
        this.kept = kept.length == 0 ? Set.copyOf(WINDOWS) : Set.of(kept);
    }

    InMemoryTimelines add(TimelinePoint p) {
        Duration size = Duration.between(p.windowStart(), p.windowEnd());
        points.computeIfAbsent(p.brand() + "/" + size, k -> new ConcurrentSkipListMap<>()).put(p.windowStart(), p);
        return this;
    }

    Call lastCall() {
        return calls.get(calls.size() - 1);
    }


    @Override
    public List<TimelinePoint> timeline(String brand, Duration window, Instant from, Instant to) {
        calls.add(new Call(brand, window, from, to));
        if (unavailable != null) {
            throw new IllegalStateException(unavailable);
        }
        if (!kept.contains(window)) {
            throw new IllegalArgumentException("window " + window + " is not kept by this store; it keeps " + kept);
        }
        NavigableMap<Instant, TimelinePoint> m = points.get(brand + "/" + window);
        return m == null ? List.of() : new ArrayList<>(m.subMap(from, true, to, false).values());
    }

    /**
     * A point with every figure set: {@code volume} mentions ({@code negative} of them negative), {@code volume / 2}
     * distinct authors, reach and engagement derived from the volume, and the given top lists.
     */
    static TimelinePoint point(String brand, Instant start, Duration window, long volume, long negative,
                               List<TimelinePoint.Count> terms, List<TimelinePoint.Count> hashtags,
                               List<TimelinePoint.Author> authors) {
        long positive = (volume - negative) / 2;
        return new TimelinePoint(brand, start, start.plus(window), volume, negative, volume - negative - positive,
                positive, volume == 0 ? 0 : (positive - negative) / (double) volume, volume / 2, volume * 1000,
                volume * 3, terms, hashtags, authors);
    }

    static TimelinePoint.Count count(String value, long count) {
        return new TimelinePoint.Count(value, count);
    }

    static TimelinePoint.Author author(String handle, String platform, long mentions, long followers) {
        return new TimelinePoint.Author(handle, platform, mentions, followers);
    }
}
