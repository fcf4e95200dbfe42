package io.monitor.core.model;

import java.time.Instant;

/**
 * A declared event of a brand (a product launch, a campaign, a TV spot) during which more talk is expected.
 * On the compacted topic {@code Topics.PLANNED_EVENTS} (key = event id). Inside {@code [start, end)} the brand's
 * detectors are muted ({@link Mode#MUTE}) or need {@code thresholdFactor} times the usual evidence
 * ({@link Mode#RAISE}); either way the event's data does not enter the baselines.
 *
 * @param schemaVersion   {@link #SCHEMA_VERSION}
 * @param id              event id (UUID or a slug)
 * @param brandId         the brand it concerns
 * @param title           what it is, for people ("Launch of the Phone 7")
 * @param start           when it starts
 * @param end             when it ends (after start)
 * @param mode            MUTE or RAISE
 * @param thresholdFactor for RAISE: how many times the usual threshold (at least 1); ignored for MUTE
 * @param cancelled       true when the event was withdrawn (the record stays so the change is visible)
 * @param createdBy       who declared it
 * @param updatedAt       when it was last changed
 */
public record PlannedEvent(int schemaVersion, String id, String brandId, String title, Instant start, Instant end,
                           Mode mode, double thresholdFactor, boolean cancelled, String createdBy, Instant updatedAt) {
    public static final int SCHEMA_VERSION = 1;

    public enum Mode { MUTE, RAISE }

    /** Whether the event is in force at {@code t}. */
    public boolean covers(Instant t) {
        return !cancelled && !t.isBefore(start) && t.isBefore(end);
    }

    /** What is wrong with this event, or null when it is fine (shared by the serde and the API). */
    public static String check(PlannedEvent e) {
        if (e.schemaVersion() != SCHEMA_VERSION) {
            return "schemaVersion " + e.schemaVersion() + " is not supported (expected " + SCHEMA_VERSION + ")";
        }
        if (e.id() == null || e.id().isBlank() || e.brandId() == null || e.brandId().isBlank()) {
            return "id and brandId are required";
        }
        if (e.start() == null || e.end() == null || !e.end().isAfter(e.start())) {
            return "start and end are required and end must be after start";
        }
        if (e.mode() == null) {
            return "mode must be MUTE or RAISE";
        }
        if (e.mode() == Mode.RAISE && !(e.thresholdFactor() >= 1.0 && e.thresholdFactor() <= 1000.0)) {
            return "thresholdFactor must be between 1 and 1000 for mode RAISE";
        }
        return null;
    }
}
