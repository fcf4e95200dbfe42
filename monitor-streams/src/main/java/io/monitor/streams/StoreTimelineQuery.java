package io.monitor.streams;

import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelineQuery;
import io.monitor.streams.topology.TimelineCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads a brand's 1-minute timeline from the {@value MonitorTopology#TIMELINE_STORE} window store: one point per
 * minute that had at least one mention (minutes without mentions are absent, not zero). The store supplier is
 * asked on every call, because Streams hands out a new store handle after a rebalance.
 */
public final class StoreTimelineQuery implements TimelineQuery {
    private static final long MINUTE = 60_000;
    private final Supplier<ReadOnlyWindowStore<String, TimelineCounts>> store;

    public StoreTimelineQuery(Supplier<ReadOnlyWindowStore<String, TimelineCounts>> store) {
        this.store = store;
    }

    @Override
    public List<TimelinePoint> timeline(String brand, Instant from, Instant to) {
        List<TimelinePoint> out = new ArrayList<>();
        if (!to.isAfter(from)) {
            return out;
        }
        ReadOnlyWindowStore<String, TimelineCounts> s = store.get();
        // fetch() bounds are inclusive window starts; the API contract is [from, to).
        try (WindowStoreIterator<TimelineCounts> it = s.fetch(brand, from, to.minusMillis(1))) {
            while (it.hasNext()) {
                KeyValue<Long, TimelineCounts> kv = it.next();
                TimelineCounts c = kv.value;
                out.add(new TimelinePoint(brand, Instant.ofEpochMilli(kv.key), Instant.ofEpochMilli(kv.key + MINUTE),
                        c.volume, c.negative, c.neutral, c.positive, c.meanSentiment()));
            }
        }
        return out;
    }
}
