package io.monitor.api.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.brands.Bodies;
import io.monitor.api.http.ApiException;
import io.monitor.core.json.Durations;
import io.monitor.core.model.IncidentEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a lifecycle request ({@code POST /api/v1/incidents/{fp}/<action>} with its JSON body) into an
 * {@link IncidentEvent}, or a 400 that names the field and what is wrong with it. Pure: no I/O.
 *
 * <pre>
 * acknowledge  {"comment"?: text}
 * assign       {"assignee": name}
 * snooze       {"until": ISO instant} or {"for": "2h"}    (in the future, at most 30 days)
 * resolve      {"reason": text}
 * false-alarm  {"reason": text}
 * notes        {"text": text}
 * reopen       {"reason"?: text}
 * </pre>
 */
public final class LifecycleCommand {
    public static final Duration MAX_SNOOZE = Duration.ofDays(30);
    static final int MAX_TEXT = 4000;
    static final int MAX_NAME = 120;

    private record Spec(IncidentEvent.Type type, Set<String> fields) {
    }

    private static final Map<String, Spec> ACTIONS = Map.of(
            "acknowledge", new Spec(IncidentEvent.Type.ACKNOWLEDGED, Set.of("comment")),
            "assign", new Spec(IncidentEvent.Type.ASSIGNED, Set.of("assignee")),
            "snooze", new Spec(IncidentEvent.Type.SNOOZED, Set.of("until", "for")),
            "resolve", new Spec(IncidentEvent.Type.RESOLVED, Set.of("reason")),
            "false-alarm", new Spec(IncidentEvent.Type.FALSE_ALARM, Set.of("reason")),
            "notes", new Spec(IncidentEvent.Type.NOTE, Set.of("text")),
            "reopen", new Spec(IncidentEvent.Type.REOPENED, Set.of("reason")));

    /** The action path segments, in the order the OpenAPI document lists them. */
    public static final List<String> ACTION_NAMES = List.of("acknowledge", "assign", "snooze", "resolve",
            "false-alarm", "notes", "reopen");

    private LifecycleCommand() {
    }

    public static IncidentEvent parse(String action, String fingerprint, JsonNode body, String actor, Instant now) {
        Spec spec = ACTIONS.get(action);
        if (spec == null) {
            throw ApiException.notFound("unknown action '" + action + "'; use one of " + String.join(", ", ACTION_NAMES));
        }
        if (body == null || body.isNull() || body.isMissingNode()) {
            body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw ApiException.badBody(null, "must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!spec.fields().contains(f)) {
                throw ApiException.badBody(f, "is not known for " + action + "; allowed: "
                        + String.join(", ", spec.fields().stream().sorted().toList()));
            }
        }
        String assignee = null;
        Instant until = null;
        String text = null;
        switch (spec.type()) {
            case ACKNOWLEDGED -> text = Bodies.optionalFreeText(body, "comment", MAX_TEXT);
            case ASSIGNED -> assignee = Bodies.requiredFreeText(body, "assignee", MAX_NAME);
            case SNOOZED -> until = snoozeUntil(body, now);
            case RESOLVED, FALSE_ALARM -> text = Bodies.requiredFreeText(body, "reason", MAX_TEXT);
            case NOTE -> text = Bodies.requiredFreeText(body, "text", MAX_TEXT);
            case REOPENED -> text = Bodies.optionalFreeText(body, "reason", MAX_TEXT);
        }
        return new IncidentEvent(UUID.randomUUID().toString(), fingerprint, spec.type(), actor, now, assignee, until, text);
    }

    private static Instant snoozeUntil(JsonNode body, Instant now) {
        boolean hasUntil = body.has("until");
        boolean hasFor = body.has("for");
        if (hasUntil == hasFor) {
            throw ApiException.badBody(hasUntil ? "for" : "until",
                    "give exactly one of 'until' (ISO-8601 instant) or 'for' (a duration such as 2h)");
        }
        Instant until;
        if (hasUntil) {
            String v = Bodies.requiredFreeText(body, "until", 64);
            try {
                until = Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw ApiException.badBody("until", "must be an ISO-8601 instant such as 2026-11-27T18:00:00Z");
            }
        } else {
            String v = Bodies.requiredFreeText(body, "for", 64);
            try {
                until = now.plus(Durations.parse(v));
            } catch (RuntimeException e) {
                throw ApiException.badBody("for", "must be a duration such as 30m, 2h or PT2H");
            }
        }
        if (!until.isAfter(now)) {
            throw ApiException.badBody(hasUntil ? "until" : "for", "must be in the future");
        }
        if (until.isAfter(now.plus(MAX_SNOOZE))) {
            throw ApiException.badBody(hasUntil ? "until" : "for", "may be at most 30 days ahead");
        }
        return until;
    }
}
