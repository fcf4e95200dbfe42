package io.monitor.core.model;

import java.time.Instant;

/**
 * One action a person took on an incident (the incident is identified by its alert's fingerprint).
 * Kept on the topic {@code Topics.INCIDENT_EVENTS} (keyed by fingerprint, never compacted: every action is history) so the incident's state survives
 * restarts and is shared by every API instance; replayed in order they give the incident's timeline.
 *
 * @param eventId     unique id of this event (UUID)
 * @param fingerprint the incident (alert fingerprint)
 * @param type        what happened
 * @param actor       who did it (token name or user), never a secret
 * @param at          when
 * @param assignee    for ASSIGNED: to whom
 * @param until       for SNOOZED: until when
 * @param text        reason (RESOLVED, FALSE_ALARM) or note text (NOTE)
 */
public record IncidentEvent(String eventId, String fingerprint, Type type, String actor, Instant at, String assignee,
                            Instant until, String text) {
    public enum Type { ACKNOWLEDGED, ASSIGNED, SNOOZED, RESOLVED, FALSE_ALARM, NOTE, REOPENED }
}
