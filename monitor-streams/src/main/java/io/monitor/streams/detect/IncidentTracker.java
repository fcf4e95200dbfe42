package io.monitor.streams.detect;

import io.monitor.core.model.Alert;
import io.monitor.core.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Alertmanager-style lifecycle of one incident of any rule (the sibling of {@link AlertTracker}, which words
 * the spike rule's own explanation), as a pure function of "the condition holds now" and time:
 * the first holding publishes FIRING (fingerprint of the labels); while firing, a record is re-published only on
 * escalation or, with a grown count, at most once per {@code repeatInterval} (never zero); after
 * {@code resolveAfter} without the condition, RESOLVED with {@code endsAt} and a resolution text. Times are event
 * times (ms) chosen by the caller.
 */
public final class IncidentTracker {
    private final long resolveAfterMs;
    private final long repeatIntervalMs;

    public IncidentTracker(Duration resolveAfter, Duration repeatInterval) {
        if (repeatInterval.isZero() || repeatInterval.isNegative() || resolveAfter.isZero() || resolveAfter.isNegative()) {
            throw new IllegalArgumentException("repeatInterval and resolveAfter must be positive");
        }
        this.resolveAfterMs = resolveAfter.toMillis();
        this.repeatIntervalMs = repeatInterval.toMillis();
    }

    public long resolveAfterMs() {
        return resolveAfterMs;
    }

    /** The incident after a step and the alert records to publish, in order. */
    public record Step(IncidentState state, List<Alert> publish) {
        static Step of(IncidentState state, Alert a) {
            return new Step(state, a == null ? List.of() : List.of(a));
        }
    }

    /**
     * The condition holds at {@code now}.
     *
     * @param annotations the explanation (asked only when a record is published)
     */
    public Step onCondition(IncidentState state, long now, Map<String, String> labels, Severity severity, long observed,
                            Supplier<Map<String, String>> annotations) {
        Alert resolved = null;
        if (state != null && now - state.lastTrue() >= resolveAfterMs) {
            resolved = onTick(state, now, null).publish().get(0);
            state = null;
        }
        if (state == null) {
            Alert a = Alert.firing(labels, annotations.get(), severity, Instant.ofEpochMilli(now));
            IncidentState next = new IncidentState(a, now, now, observed);
            return resolved == null ? Step.of(next, a) : new Step(next, List.of(resolved, a));
        }
        long peak = Math.max(state.peak(), observed);
        Alert current = state.alert();
        boolean escalation = severity.compareTo(current.severity()) > 0;
        boolean refresh = now - state.lastEmit() >= repeatIntervalMs && observed > observedOf(current);
        if (escalation || refresh) {
            Alert a = current.updated(annotations.get(), escalation ? severity : current.severity(), Instant.ofEpochMilli(now));
            return Step.of(new IncidentState(a, now, now, peak), a);
        }
        return Step.of(new IncidentState(current, now, state.lastEmit(), peak), null);
    }

    /**
     * A clock tick without the condition: resolves the incident when it has not held for {@code resolveAfter}.
     *
     * @param resolution what the all-clear says (null: a generic text)
     */
    public Step onTick(IncidentState state, long now, String resolution) {
        if (state == null || now - state.lastTrue() < resolveAfterMs) {
            return Step.of(state, null);
        }
        Alert current = state.alert();
        Map<String, String> ann = new LinkedHashMap<>(current.annotations());
        ann.put(Alert.ANNOTATION_SUMMARY, "Resolved: " + current.annotations().getOrDefault(Alert.ANNOTATION_SUMMARY, ""));
        ann.put("resolution", resolution != null ? resolution
                : "The condition has not held since " + Instant.ofEpochMilli(state.lastTrue()) + " (for "
                        + IngestHealth.human(now - state.lastTrue()) + ").");
        return Step.of(null, current.resolved(Instant.ofEpochMilli(now), ann));
    }

    static long observedOf(Alert a) {
        try {
            return Long.parseLong(a.annotations().getOrDefault("observed", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
