package io.monitor.streams;

import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelineQuery;
import io.monitor.streams.topology.TimelineCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads a brand's timeline from this instance's window stores: 1 minute from {@value MonitorTopology#TIMELINE_STORE},
 * 5 minutes from {@value MonitorTopology#TIMELINE_5M_STORE}, 1 hour from {@value MonitorTopology#TIMELINE_1H_STORE}
 * (the latter two rolled up from the 1-minute windows every few seconds, so they may trail them by that much). One
 * point per window that had at least one mention (windows without mentions are absent, not zero). The stores are
 * asked for on every call, by name, because Streams hands out new store handles after a rebalance.
 */
public final class StoreTimelineQuery implements TimelineQuery {
    private final Function<String, ReadOnlyWindowStore<String, TimelineCounts>> stores;

    /** @param stores the store of a name ({@code MonitorTopology.TIMELINE_*STORE}); may throw IllegalStateException */
    public StoreTimelineQuery(Function<String, ReadOnlyWindowStore<String, TimelineCounts>> stores) {
        this.stores = stores;
    }


    @Override
    public List<TimelinePoint> timeline(String brand, Duration window, Instant from, Instant to) {
        String name = storeOf(window);
        List<TimelinePoint> out = new ArrayList<>();
        if (!to.isAfter(from)) {
            return out;
        }
        ReadOnlyWindowStore<String, TimelineCounts> s = stores.apply(name);
        // fetch() bounds are inclusive window starts; the API contract is [from, to).
        try (WindowStoreIterator<TimelineCounts> it = s.fetch(brand, from, to.minusMillis(1))) {
            while (it.hasNext()) {
                KeyValue<Long, TimelineCounts> kv = it.next();
                Instant start = Instant.ofEpochMilli(kv.key);
                out.add(kv.value.point(brand, start, start.plus(window)));
            }
        }
        return out;
    }

    /**
     * The store holding windows of {@code window}.
     *
     * @throws IllegalArgumentException for a size not in {@link TimelineQuery#WINDOWS}, naming the allowed ones
     */
    public static String storeOf(Duration window) {
        if (WINDOWS.get(0).equals(window)) {
            return MonitorTopology.TIMELINE_STORE;
        }
        if (WINDOWS.get(1).equals(window)) {
            return MonitorTopology.TIMELINE_5M_STORE;
        }
        if (WINDOWS.get(2).equals(window)) {
            return MonitorTopology.TIMELINE_1H_STORE;
        }
        throw new IllegalArgumentException("window " + (window == null ? "null" : io.monitor.core.json.Durations.format(window))
                + " is not served; the timeline has windows of " + allowed());
    }

    /** The served window sizes as people write them: {@code 1m, 5m, 1h}. */
    static String allowed() {
        return WINDOWS.stream().map(io.monitor.core.json.Durations::format).collect(Collectors.joining(", "));
    }
}
