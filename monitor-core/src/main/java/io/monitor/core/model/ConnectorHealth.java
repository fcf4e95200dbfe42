package io.monitor.core.model;

import java.time.Instant;

/**
 * A connector's heartbeat, published every few seconds, so the detectors can tell a brand that went
 * quiet from an ingest outage.
 *
 * @param connectorId  the configured source id
 * @param platform     the platform it reads
 * @param status       UP (fetching), DEGRADED (retrying, rate limited), DOWN (gave up or stopped)
 * @param lastSuccess  when a fetch last succeeded, may be null
 * @param detail       what is wrong, for a person; null when healthy
 * @param at           when this heartbeat was sent
 */
public record ConnectorHealth(String connectorId, String platform, Status status, Instant lastSuccess, String detail,
                              Instant at) {
    public enum Status { UP, DEGRADED, DOWN }
}
