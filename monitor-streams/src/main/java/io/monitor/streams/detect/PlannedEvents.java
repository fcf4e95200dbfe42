package io.monitor.streams.detect;

import io.monitor.core.model.PlannedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The declared events of all brands (launches, campaigns: {@link PlannedEvent}), asked "what applies to brand b at
 * time t?". Immutable; build a new one when the events change. Cancelled events and events that fail
 * {@link PlannedEvent#check} are ignored.
 *
 * <p>Every detector uses it the same way:
 * <ul>
 *   <li>{@link Applicable#muted()}: a MUTE event covers the time: raise no new alert of any rule for the brand
 *       (an open one may still resolve);</li>
 *   <li>{@link Applicable#thresholdFactor()}: RAISE events cover it: multiply the rule's practical thresholds
 *       (minimum counts, factors, increases) by it; the largest factor wins when events overlap;</li>
 *   <li>{@link Applicable#inEvent()}: any event covers it: the data does not enter baselines.</li>
 * </ul>
 * A detection window is judged with what applies anywhere in it ({@link #during}), so the minute after a launch
 * ends, still holding launch traffic, is judged as part of the launch.
 */
public final class PlannedEvents {
    public static final PlannedEvents NONE = new PlannedEvents(List.of());

    private final Map<String, List<PlannedEvent>> byBrand = new HashMap<>();
    private final int size;

    public PlannedEvents(Collection<PlannedEvent> events) {
        int n = 0;
        for (PlannedEvent e : events) {
            if (e == null || e.cancelled() || PlannedEvent.check(e) != null) {
                continue;
            }
            byBrand.computeIfAbsent(e.brandId(), b -> new ArrayList<>()).add(e);
            n++;
        }
        size = n;
    }

    public static PlannedEvents of(PlannedEvent... events) {
        return new PlannedEvents(List.of(events));
    }

    /** Events in force (not cancelled, valid). */
    public int size() {
        return size;
    }

    /** What applies to {@code brandId} at the instant {@code t}. */
    public Applicable at(String brandId, Instant t) {
        long ms = t.toEpochMilli();
        return during(brandId, ms, ms + 1);
    }

    /** What applies to {@code brandId} anywhere in {@code [fromMs, toMs)}: the events that overlap it. */
    public Applicable during(String brandId, long fromMs, long toMs) {
        List<PlannedEvent> list = byBrand.get(brandId);
        if (list == null) {
            return Applicable.NOTHING;
        }
        List<PlannedEvent> hit = null;
        for (PlannedEvent e : list) {
            if (e.start().toEpochMilli() < toMs && fromMs < e.end().toEpochMilli()) {
                if (hit == null) {
                    hit = new ArrayList<>(2);
                }
                hit.add(e);
            }
        }
        return hit == null ? Applicable.NOTHING : new Applicable(hit);
    }

    /** The events in force for one brand over one span of time, and what they mean for a detector. */
    public record Applicable(List<PlannedEvent> events) {
        public static final Applicable NOTHING = new Applicable(List.of());

        public Applicable {
            events = List.copyOf(events);
        }

        /** Some event covers the time: its data stays out of baselines. */
        public boolean inEvent() {
            return !events.isEmpty();
        }

        /** A MUTE event covers the time: no new alert. */
        public boolean muted() {
            return events.stream().anyMatch(e -> e.mode() == PlannedEvent.Mode.MUTE);
        }

        /** How many times the usual thresholds a RAISE event asks for (1 when none). */
        public double thresholdFactor() {
            return events.stream().filter(e -> e.mode() == PlannedEvent.Mode.RAISE)
                    .mapToDouble(PlannedEvent::thresholdFactor).max().orElse(1.0);
        }

        /** For explanations: "planned event 'Launch of the Phone 7' (RAISE 2x, 10:00–12:00 UTC)". */
        public String describe() {
            List<String> parts = new ArrayList<>();
            for (PlannedEvent e : events) {
                String mode = e.mode() == PlannedEvent.Mode.MUTE ? "MUTE"
                        : String.format(Locale.ROOT, "RAISE %sx", e.thresholdFactor() == Math.rint(e.thresholdFactor())
                        ? Long.toString((long) e.thresholdFactor()) : String.format(Locale.ROOT, "%.1f", e.thresholdFactor()));
                parts.add("planned event '" + (e.title() == null ? e.id() : e.title()) + "' (" + mode + ", " + e.start()
                        + " to " + e.end() + ")");
            }
            return String.join("; ", parts);
        }
    }
}
