package io.monitor.streams.detect;

import io.monitor.core.json.Durations;
import io.monitor.core.model.ConnectorHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Tells whether the connectors that serve a brand are healthy, from their last heartbeats
 * ({@code monitor.ingest.health}): a connector is a problem when it reports DOWN or DEGRADED, when its last
 * heartbeat is older than {@code staleAfter}, when none was ever received, or when its last one cannot be read.
 * Pure: the caller looks heartbeats up. A quiet brand with a problem here is an ingest outage, not silence.
 */
public final class IngestHealth {
    private final List<Connector> connectors;
    private final long staleAfterMs;

    /**
     * @param connectors the configured connectors (the demo source serves every brand), or null when the
     *                   configuration is unknown: then every connector that ever sent a heartbeat counts, for all brands
     * @param staleAfter heartbeat age after which a connector counts as down
     */
    public IngestHealth(List<Connector> connectors, Duration staleAfter) {
        this.connectors = connectors == null ? null : List.copyOf(connectors);
        this.staleAfterMs = staleAfter.toMillis();
    }

    /** A configured connector and the brands it fetches for (empty: all brands). */
    public record Connector(String id, Set<String> brands) {
        public Connector {
            brands = brands == null ? Set.of() : Set.copyOf(brands);
        }

        public boolean serves(String brand) {
            return brands.isEmpty() || brands.contains(brand);
        }
    }

    /** A connector's last heartbeat as read: the record, or why it cannot be read. */
    public record Reading(ConnectorHealth health, String unreadable) {
    }

    /** A connector that explains missing mentions, with what is wrong in words. */
    public record Problem(String connectorId, String what) {
        @Override
        public String toString() {
            return connectorId + ": " + what;
        }
    }

    /** A connector serving the brand and how it looks (for the explanation of a silence). */
    public record Status(String connectorId, boolean healthy, String what) {
    }

    /**
     * @param brand  brand id
     * @param now    event time of the evaluation (ms)
     * @param lookup the last heartbeat of a connector id, or null when none was received
     * @param seen   ids of every connector that sent a heartbeat (used only when the configuration is unknown)
     */
    public List<Status> statuses(String brand, long now, Function<String, Reading> lookup, Collection<String> seen) {
        List<Status> out = new ArrayList<>();
        if (connectors == null) {
            for (String id : seen) {
                out.add(status(id, now, lookup.apply(id)));
            }
        } else {
            for (Connector c : connectors) {
                if (c.serves(brand)) {
                    out.add(status(c.id(), now, lookup.apply(c.id())));
                }
            }
        }
        return out;
    }

    /** The connectors serving {@code brand} that are down, degraded, stale or unreadable; empty when all are fine. */
    public List<Problem> problems(String brand, long now, Function<String, Reading> lookup, Collection<String> seen) {
        List<Problem> out = new ArrayList<>();
        for (Status s : statuses(brand, now, lookup, seen)) {
            if (!s.healthy()) {
                out.add(new Problem(s.connectorId(), s.what()));
            }
        }
        return out;
    }

    private Status status(String id, long now, Reading r) {
        if (r == null) {
            return new Status(id, false, "no heartbeat received");
        }
        if (r.health() == null) {
            return new Status(id, false, "its last heartbeat cannot be read (" + r.unreadable() + ")");
        }
        ConnectorHealth h = r.health();
        long age = h.at() == null ? Long.MAX_VALUE : now - h.at().toEpochMilli();
        String detail = h.detail() == null || h.detail().isBlank() ? "" : ": " + h.detail();
        String ago = age == Long.MAX_VALUE ? "unknown" : human(age);
        if (h.status() != ConnectorHealth.Status.UP) {
            return new Status(id, false, h.status() + detail + " (heartbeat " + ago + " ago)");
        }
        if (age > staleAfterMs) {
            return new Status(id, false, "no heartbeat for " + ago + " (stale after "
                    + Durations.format(Duration.ofMillis(staleAfterMs)) + ")" + lastSuccess(h));
        }
        return new Status(id, true, "UP (heartbeat " + ago + " ago)");
    }

    /** A duration as a person reads it: "40s", "17 min", "2 h 5 min". */
    public static String human(long ms) {
        long s = Math.max(0, ms) / 1000;
        if (s < 120) {
            return s + "s";
        }
        long min = s / 60;
        return min < 120 ? min + " min" : min / 60 + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
    }

    private static String lastSuccess(ConnectorHealth h) {
        Instant s = h.lastSuccess();
        return s == null ? "" : "; last successful fetch " + s;
    }
}
