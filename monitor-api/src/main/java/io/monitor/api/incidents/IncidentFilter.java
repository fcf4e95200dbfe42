package io.monitor.api.incidents;

import io.monitor.core.model.Severity;
import java.time.Instant;
import java.util.Set;

/**
 * Which incidents a list request wants; an empty set means "any".
 *
 * @param since incidents with activity (alert update or lifecycle event) at or after this instant; null = any
 */
public record IncidentFilter(Set<String> brands, Set<String> states, Set<Severity> severities, Instant since,
                             int limit) {
    public static IncidentFilter all() {
        return new IncidentFilter(Set.of(), Set.of(), Set.of(), null, Integer.MAX_VALUE);
    }

    boolean test(Incident i) {
        return (brands.isEmpty() || brands.contains(i.brand()))
                && (states.isEmpty() || states.contains(i.state()) || (states.contains("active") && i.active()))
                && (severities.isEmpty() || severities.contains(i.severity()))
                && (since == null || !i.lastActivityAt().isBefore(since));
    }
}
