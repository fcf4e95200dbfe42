package io.monitor.api.incidents;

/**
 * Something that happened to an incident, as pushed on the SSE stream.
 *
 * @param change   opened, escalated, updated, resolved (by the detector or a person), acknowledged, assigned,
 *                 snoozed, snooze_expired, false_alarm, note, reopened or removed
 * @param incident the incident after the change
 */
public record IncidentChange(String change, Incident incident) {
}
