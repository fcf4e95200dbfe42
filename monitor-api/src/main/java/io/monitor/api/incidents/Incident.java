package io.monitor.api.incidents;

import io.monitor.core.model.Alert;
import io.monitor.core.model.Severity;
import java.time.Instant;
import java.util.Map;

/**
 * An incident as the API shows it: the newest alert of one fingerprint plus the state its lifecycle events give it.
 *
 * @param state          {@code open}, {@code acknowledged}, {@code snoozed}, {@code resolved} or {@code false_alarm}
 * @param alertState     the detector's view: {@code FIRING} or {@code RESOLVED}
 * @param lastActivityAt the later of the alert's update and the last lifecycle event
 */
public record Incident(String fingerprint, String brand, String rule, Severity severity, String summary,
                       String description, Map<String, String> labels, Map<String, String> annotations,
                       Instant startsAt, Instant endsAt, Instant updatedAt, Alert.State alertState, String state,
                       String acknowledgedBy, String assignee, Instant snoozedUntil, Instant lastActivityAt) {

    public static final String OPEN = "open";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String SNOOZED = "snoozed";
    public static final String RESOLVED = "resolved";
    public static final String FALSE_ALARM = "false_alarm";
    public static final java.util.List<String> STATES = java.util.List.of(OPEN, ACKNOWLEDGED, SNOOZED, RESOLVED,
            FALSE_ALARM);

    public boolean active() {
        return !RESOLVED.equals(state) && !FALSE_ALARM.equals(state);
    }
}
