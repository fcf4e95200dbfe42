package io.monitor.streams.topology;

import io.monitor.core.model.PlannedEvent;
import io.monitor.streams.MonitorTopology;
import io.monitor.streams.detect.PlannedEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor's view of the planned events in the global store {@link MonitorTopology#PLANNED_EVENTS_STORE}, for
 * any detector: call {@link #init} from the processor's {@code init}, then {@link #at} with the record's event time
 * and ask the answer what applies to a brand ({@link PlannedEvents#during}, {@link PlannedEvents#at}). The store
 * is re-read at most once per {@code refresh} of event time (events are declared ahead; a change takes effect
 * within one refresh), so results depend only on the data, as replays and backtests need. No connection to the
 * global store is needed in the topology: every task can read it.
 */
public final class PlannedEventsView {
    private final String storeName;
    private final long refreshMs;
    private KeyValueStore<String, PlannedEventEntry> store;
    private PlannedEvents events = PlannedEvents.NONE;
    private long nextRefresh = Long.MIN_VALUE;

    public PlannedEventsView(String storeName, Duration refresh) {
        this.storeName = storeName;
        this.refreshMs = refresh.toMillis();
    }

    /** The view of {@link MonitorTopology#PLANNED_EVENTS_STORE}, re-read every {@code refresh} of event time. */
    public static PlannedEventsView of(Duration refresh) {
        return new PlannedEventsView(MonitorTopology.PLANNED_EVENTS_STORE, refresh);
    }

    public void init(ProcessorContext<?, ?> context) {
        this.store = context.getStateStore(storeName);
    }

    /** The events as of event time {@code now} (re-read when a refresh is due or time went back by more than one). */
    public PlannedEvents at(long now) {
        if (store != null && (now >= nextRefresh || now < nextRefresh - 2 * refreshMs)) {
            events = read(store);
            nextRefresh = now + refreshMs;
        }
        return events;
    }

    /** Every valid event in the store (rejected records are left to the dead-letter topic). */
    public static PlannedEvents read(KeyValueStore<String, PlannedEventEntry> store) {
        List<PlannedEvent> list = new ArrayList<>();
        try (KeyValueIterator<String, PlannedEventEntry> it = store.all()) {
            while (it.hasNext()) {
                PlannedEventEntry e = it.next().value;
                if (e != null && e.event() != null) {
                    list.add(e.event());
                }
            }
        }
        return new PlannedEvents(list);
    }
}
