package io.monitor.api.incidents;

import io.monitor.core.model.Alert;
import io.monitor.core.model.IncidentEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The API's in-memory view of incidents: the newest {@link Alert} per fingerprint and the {@link IncidentEvent}s
 * people recorded on it. Fed by {@link AlertStore} from Kafka (or directly by tests), read by the HTTP handlers, and
 * it tells listeners (the SSE stream) about every change, in the order the changes were applied.
 *
 * <p>Bounded: resolved incidents whose last activity is older than {@code retention} are dropped by {@link #prune()},
 * and lifecycle events for fingerprints without an alert are kept for at most {@link #MAX_ORPHANS} incidents.
 * Events are de-duplicated by {@code eventId}, so applying an event locally after Kafka acknowledged it and again when
 * the consumer reads it back changes nothing the second time.
 */
public final class IncidentStore {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    static final int MAX_ORPHANS = 10_000;

    private static final class Entry {
        Alert alert;
        /** The state last announced to listeners, to notice a snooze running out. */
        String announcedState;
        final List<IncidentEvent> events = new ArrayList<>();
        final Set<String> eventIds = new HashSet<>();
    }

    private final Map<String, Entry> entries = new HashMap<>();
    /** Events that arrived before (or without) their alert, oldest fingerprint first. */
    private final LinkedHashMap<String, Entry> orphans = new LinkedHashMap<>();
    private final List<Consumer<IncidentChange>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final Duration retention;

    public IncidentStore(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    public IncidentStore() {
        this(Clock.systemUTC(), DEFAULT_RETENTION);
    }

    /** Called, under the store's lock, for every change; must not block. */
    public void addListener(Consumer<IncidentChange> listener) {
        listeners.add(listener);
    }

    /** Applies the newest state of an alert (a record of {@code Topics.ALERTS}). */
    public synchronized void apply(Alert alert) {
        Entry e = entries.get(alert.fingerprint());
        Incident before = null;
        if (e == null) {
            e = orphans.remove(alert.fingerprint());
            if (e == null) {
                e = new Entry();
            }
            entries.put(alert.fingerprint(), e);
        } else {
            if (alert.equals(e.alert) || alert.updatedAt().isBefore(e.alert.updatedAt())) {
                return; // a duplicate, or an older state replayed after a newer one: nothing changes
            }
            before = view(e);
        }
        e.alert = alert;
        Incident after = view(e);
        e.announcedState = after.state();
        notifyListeners(new IncidentChange(alertChange(before, after), after));
    }

    /** Forgets an incident (a tombstone on the compacted alerts topic). */
    public synchronized void remove(String fingerprint) {
        Entry e = entries.remove(fingerprint);
        if (e != null) {
            notifyListeners(new IncidentChange("removed", view(e)));
        }
    }

    /** Applies a lifecycle event; returns false when it was already applied (same eventId). */
    public synchronized boolean apply(IncidentEvent event) {
        Entry e = entries.get(event.fingerprint());
        boolean orphan = e == null;
        if (orphan) {
            e = orphans.computeIfAbsent(event.fingerprint(), k -> new Entry());
            while (orphans.size() > MAX_ORPHANS) {
                Iterator<String> it = orphans.keySet().iterator();
                it.next();
                it.remove();
            }
        }
        String id = event.eventId() == null ? event.fingerprint() + "@" + event.at() + "/" + event.type() : event.eventId();
        if (!e.eventIds.add(id)) {
            return false;
        }
        e.events.add(event);
        if (!orphan) {
            Incident after = view(e);
            e.announcedState = after.state();
            notifyListeners(new IncidentChange(event.type().name().toLowerCase(java.util.Locale.ROOT), after));
        }
        return true;
    }

    public synchronized boolean contains(String fingerprint) {
        return entries.containsKey(fingerprint);
    }

    public synchronized Optional<IncidentDetail> get(String fingerprint) {
        Entry e = entries.get(fingerprint);
        return e == null ? Optional.empty() : Optional.of(new IncidentDetail(view(e), e.alert, List.copyOf(e.events)));
    }

    /** Incidents matching the filter, newest start first, at most {@code filter.limit()}. */
    public synchronized List<Incident> list(IncidentFilter filter) {
        return entries.values().stream().map(this::view).filter(filter::test)
                .sorted(Comparator.comparing(Incident::startsAt).reversed().thenComparing(Incident::fingerprint))
                .limit(filter.limit()).toList();
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Active (not resolved, not false alarm) incidents of one brand, for the metrics gauge. */
    public synchronized long activeCount(String brand) {
        return entries.values().stream().map(this::view).filter(i -> i.active() && brand.equals(i.brand())).count();
    }

    /** Counts of incidents per state, for the metrics gauge. */
    public synchronized Map<String, Long> countByState() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String s : Incident.STATES) {
            out.put(s, 0L);
        }
        for (Entry e : entries.values()) {
            out.merge(view(e).state(), 1L, Long::sum);
        }
        return out;
    }

    /**
     * Announces snoozes that ran out since the last call (change {@code snooze_expired}), so dashboards and channels
     * hear that the incident needs attention again. Called periodically by the server.
     */
    public synchronized int expireSnoozes() {
        int n = 0;
        for (Entry e : entries.values()) {
            if (Incident.SNOOZED.equals(e.announcedState)) {
                Incident now = view(e);
                if (!Incident.SNOOZED.equals(now.state())) {
                    e.announcedState = now.state();
                    notifyListeners(new IncidentChange("snooze_expired", now));
                    n++;
                }
            }
        }
        return n;
    }

    /** Drops resolved incidents older than the retention; returns how many were dropped. */
    public synchronized int prune() {
        Instant cutoff = clock.instant().minus(retention);
        int dropped = 0;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Incident i = view(it.next());
            if (!i.active() && i.lastActivityAt().isBefore(cutoff)) {
                it.remove();
                dropped++;
            }
        }
        return dropped;
    }

    private void notifyListeners(IncidentChange change) {
        for (Consumer<IncidentChange> l : listeners) {
            l.accept(change);
        }
    }

    private static String alertChange(Incident before, Incident after) {
        if (before == null) {
            return after.alertState() == Alert.State.FIRING ? "opened" : "resolved";
        }
        if (before.alertState() != after.alertState()) {
            return after.alertState() == Alert.State.RESOLVED ? "resolved" : "opened";
        }
        if (after.severity().compareTo(before.severity()) > 0) {
            return "escalated";
        }
        return "updated";
    }

    /**
     * The incident's state: the detector resolving the alert or a person resolving / marking it a false alarm closes
     * it; a person's resolution is undone when the detector fires again afterwards (a new startsAt or an update after
     * the resolution) or by a REOPENED event. Otherwise a snooze that has not expired wins over an acknowledgement.
     */
    private Incident view(Entry e) {
        Alert a = e.alert;
        String closedAs = null;
        Instant closedAt = null;
        String ackBy = null;
        String assignee = null;
        Instant snoozedUntil = null;
        Instant lastActivity = a.updatedAt();
        for (IncidentEvent ev : e.events) {
            if (ev.at().isAfter(lastActivity)) {
                lastActivity = ev.at();
            }
            switch (ev.type()) {
                case ACKNOWLEDGED -> ackBy = ev.actor();
                case ASSIGNED -> assignee = ev.assignee();
                case SNOOZED -> snoozedUntil = ev.until();
                case RESOLVED -> {
                    closedAs = Incident.RESOLVED;
                    closedAt = ev.at();
                }
                case FALSE_ALARM -> {
                    closedAs = Incident.FALSE_ALARM;
                    closedAt = ev.at();
                }
                case REOPENED -> {
                    closedAs = null;
                    closedAt = null;
                    ackBy = null;
                    snoozedUntil = null;
                }
                case NOTE -> {
                }
            }
        }
        boolean refiredAfterClose = closedAt != null && a.state() == Alert.State.FIRING
                && (a.startsAt().isAfter(closedAt));
        String state;
        if (closedAs != null && !refiredAfterClose) {
            state = closedAs;
        } else if (a.state() == Alert.State.RESOLVED) {
            state = Incident.RESOLVED;
        } else if (snoozedUntil != null && snoozedUntil.isAfter(clock.instant())) {
            state = Incident.SNOOZED;
        } else if (ackBy != null) {
            state = Incident.ACKNOWLEDGED;
        } else {
            state = Incident.OPEN;
        }
        Map<String, String> ann = a.annotations();
        return new Incident(a.fingerprint(), a.brand(), a.rule(), a.severity(), ann.get(Alert.ANNOTATION_SUMMARY),
                ann.get(Alert.ANNOTATION_DESCRIPTION), a.labels(), ann, a.startsAt(), a.endsAt(), a.updatedAt(),
                a.state(), state, ackBy, assignee, snoozedUntil, lastActivity);
    }
}
