package io.monitor.api.brands;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.http.ApiException;
import io.monitor.core.model.PlannedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads and validates the body of a planned-event declaration or change into the {@link PlannedEvent} to write:
 * {@link PlannedEvent#check} plus what only the API can know (the brand exists: the caller checks that) and what keeps
 * an event sensible: it ends after it starts, lasts at most {@link #MAX_DURATION}, has not already ended, starts within
 * {@link #MAX_AHEAD}; {@code mode} is {@code MUTE} or {@code RAISE}, and {@code RAISE} needs a {@code thresholdFactor}
 * between 1 and 1000.
 *
 * <pre>
 * POST /api/v1/brands/{brand}/events  {"id"?: "phone-7-launch", "title": "Launch of the Phone 7",
 *                                      "start": "2026-12-01T09:00:00Z", "end": "2026-12-01T21:00:00Z",
 *                                      "mode": "RAISE", "thresholdFactor": 3}
 * PUT  /api/v1/events/{eventId}       the same fields but "id" (a full replacement; the brand stays)
 * </pre>
 */
public final class PlannedEventCommand {
    public static final Duration MAX_DURATION = Duration.ofDays(30);
    public static final Duration MAX_AHEAD = Duration.ofDays(366);
    static final int MAX_TITLE = 200;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> CREATE_FIELDS = Set.of("id", "title", "start", "end", "mode", "thresholdFactor");
    private static final Set<String> CHANGE_FIELDS = Set.of("title", "start", "end", "mode", "thresholdFactor");

    private PlannedEventCommand() {
    }

    /** A new event of {@code brandId} (which the caller has checked exists); the id is a UUID unless the body names one. */
    public static PlannedEvent create(String brandId, JsonNode body, String by, Instant now) {
        JsonNode b = Bodies.object(body, CREATE_FIELDS);
        String id = Bodies.optionalText(b, "id", 63);
        if (id == null) {
            id = UUID.randomUUID().toString();
        } else if (!ID.matcher(id).matches()) {
            throw ApiException.badBody("id", "'" + Bodies.abbreviate(id) + "' must be lower-case letters, digits and "
                    + "dashes (at most 63), starting with a letter or digit; or leave it out for a generated one");
        }
        return event(id, brandId, b, by, now);
    }

    /** {@code existing} changed by a PUT body; its id, brand and creator stay. */
    public static PlannedEvent change(PlannedEvent existing, JsonNode body, Instant now) {
        JsonNode b = Bodies.object(body, CHANGE_FIELDS);
        return event(existing.id(), existing.brandId(), b, existing.createdBy(), now);
    }

    /** {@code existing}, cancelled now. */
    public static PlannedEvent cancel(PlannedEvent existing, Instant now) {
        return new PlannedEvent(PlannedEvent.SCHEMA_VERSION, existing.id(), existing.brandId(), existing.title(),
                existing.start(), existing.end(), existing.mode(), existing.thresholdFactor(), true,
                existing.createdBy(), now);
    }

    private static PlannedEvent event(String id, String brandId, JsonNode b, String by, Instant now) {
        String title = Bodies.requiredText(b, "title", MAX_TITLE);
        Instant start = Bodies.instant(b, "start");
        Instant end = Bodies.instant(b, "end");
        if (!end.isAfter(start)) {
            throw ApiException.badBody("end", "must be after start (" + start + ")");
        }
        if (Duration.between(start, end).compareTo(MAX_DURATION) > 0) {
            throw ApiException.badBody("end", "may be at most 30 days after start; declare a long campaign as several "
                    + "events");
        }
        if (!end.isAfter(now)) {
            throw ApiException.badBody("end", "is in the past (" + end + "); a planned event must still be running or "
                    + "ahead");
        }
        if (start.isAfter(now.plus(MAX_AHEAD))) {
            throw ApiException.badBody("start", "may be at most a year ahead");
        }
        String modeText = Bodies.requiredText(b, "mode", 16);
        PlannedEvent.Mode mode;
        try {
            mode = PlannedEvent.Mode.valueOf(modeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badBody("mode", "must be MUTE (no alerts for the brand) or RAISE (alerts need "
                    + "thresholdFactor times the usual evidence), got '" + Bodies.abbreviate(modeText) + "'");
        }
        JsonNode f = b.get("thresholdFactor");
        double factor = 1.0;
        if (mode == PlannedEvent.Mode.RAISE) {
            if (f == null || f.isNull()) {
                throw ApiException.badBody("thresholdFactor", "is required for mode RAISE (a number from 1 to 1000, "
                        + "e.g. 3 for three times the usual evidence)");
            }
            if (!f.isNumber() || !(f.asDouble() >= 1.0 && f.asDouble() <= 1000.0)) {
                throw ApiException.badBody("thresholdFactor", "must be a number from 1 to 1000");
            }
            factor = f.asDouble();
        } else if (f != null && !f.isNull()) {
            throw ApiException.badBody("thresholdFactor", "only applies to mode RAISE; leave it out for MUTE");
        }
        PlannedEvent e = new PlannedEvent(PlannedEvent.SCHEMA_VERSION, id, brandId, title, start, end, mode, factor,
                false, by, now);
        String problem = PlannedEvent.check(e);
        if (problem != null) {
            throw ApiException.badBody(null, problem);
        }
        return e;
    }
}
