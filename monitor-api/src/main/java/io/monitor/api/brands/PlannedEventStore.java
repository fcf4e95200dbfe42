package io.monitor.api.brands;

import io.monitor.core.model.PlannedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The planned events read from {@code Topics.PLANNED_EVENTS} (and this server's own acknowledged writes), by event id.
 * As in {@link BrandCatalog}, every change carries its record offset and an older change of the same event never
 * replaces a newer one. Cancelled events stay (the record stays on the compacted topic, so the change is visible).
 * Thread-safe.
 */
public final class PlannedEventStore {
    /** Where an event stands in time, relative to "now". */
    public enum When {
        UPCOMING, CURRENT, PAST;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static When of(PlannedEvent e, Instant now) {
            if (now.isBefore(e.start())) {
                return UPCOMING;
            }
            return now.isBefore(e.end()) ? CURRENT : PAST;
        }
    }

    private record Entry(PlannedEvent event, long offset) {
    }

    private final Map<String, Entry> events = new HashMap<>();

    /** Applies an event record at {@code offset}; false when a newer change of the same id is already applied. */
    public synchronized boolean apply(PlannedEvent event, long offset) {
        return put(event.id(), new Entry(event, offset));
    }

    /** A tombstone: the event is forgotten (unless a newer record of it was already applied). */
    public synchronized boolean remove(String id, long offset) {
        return put(id, new Entry(null, offset));
    }

    private boolean put(String id, Entry e) {
        Entry had = events.get(id);
        if (had != null && had.offset() >= e.offset()) {
            return false;
        }
        events.put(id, e);
        return true;
    }

    public synchronized Optional<PlannedEvent> get(String id) {
        Entry e = id == null ? null : events.get(id);
        return e == null ? Optional.empty() : Optional.ofNullable(e.event());
    }

    /**
     * Events of {@code brand} (every brand when null) whose time relative to {@code now} is one of {@code when} (all
     * when empty), cancelled ones only when asked; ordered by start.
     */
    public synchronized List<PlannedEvent> list(String brand, Set<When> when, boolean includeCancelled, Instant now) {
        List<PlannedEvent> out = new ArrayList<>();
        for (Entry e : events.values()) {
            PlannedEvent p = e.event();
            if (p == null || (brand != null && !brand.equals(p.brandId())) || (p.cancelled() && !includeCancelled)) {
                continue;
            }
            if (when.isEmpty() || when.contains(When.of(p, now))) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing(PlannedEvent::start).thenComparing(PlannedEvent::id));
        return out;
    }

    /** Events of {@code brand} in force at some time in {@code [from, to]} (not cancelled), ordered by start. */
    public synchronized List<PlannedEvent> overlapping(String brand, Instant from, Instant to) {
        List<PlannedEvent> out = new ArrayList<>();
        for (Entry e : events.values()) {
            PlannedEvent p = e.event();
            if (p != null && !p.cancelled() && brand.equals(p.brandId()) && p.start().compareTo(to) <= 0
                    && p.end().isAfter(from)) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing(PlannedEvent::start).thenComparing(PlannedEvent::id));
        return out;
    }
}
