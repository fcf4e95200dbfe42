package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.model.ConnectorHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestHealthTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final Map<String, IngestHealth.Reading> readings = new HashMap<>();
    private final IngestHealth health = new IngestHealth(List.of(new IngestHealth.Connector("demo", null),
            new IngestHealth.Connector("mastodon-de", Set.of("nordbahn"))), Duration.ofMinutes(2));

    private void beat(String id, ConnectorHealth.Status status, String detail, Duration ago) {
        Instant at = NOW.minus(ago);
        readings.put(id, new IngestHealth.Reading(new ConnectorHealth(id, "x", status, at, detail, at), null));
    }

    private List<IngestHealth.Problem> problems(String brand) {
        return health.problems(brand, NOW.toEpochMilli(), readings::get, readings.keySet());
    }

    @Test
    void freshUpHeartbeatsAreHealthy() {
        beat("demo", ConnectorHealth.Status.UP, null, Duration.ofSeconds(30));
        beat("mastodon-de", ConnectorHealth.Status.UP, null, Duration.ofSeconds(5));
        assertThat(problems("nordbahn")).isEmpty();
        assertThat(health.statuses("nordbahn", NOW.toEpochMilli(), readings::get, readings.keySet()))
                .extracting(IngestHealth.Status::what).containsExactly("UP (heartbeat 30s ago)", "UP (heartbeat 5s ago)");
    }

    @Test
    void aDownConnectorIsAProblemOnlyForTheBrandsItServes() {
        beat("demo", ConnectorHealth.Status.UP, null, Duration.ofSeconds(30));
        beat("mastodon-de", ConnectorHealth.Status.DOWN, "HTTP 401: token revoked", Duration.ofSeconds(20));
        assertThat(problems("nordbahn")).singleElement().hasToString("mastodon-de: DOWN: HTTP 401: token revoked (heartbeat 20s ago)");
        assertThat(problems("kaffeekult")).isEmpty();
    }

    @Test
    void degradedStaleMissingAndUnreadableHeartbeatsAreProblems() {
        beat("demo", ConnectorHealth.Status.DEGRADED, "429, retry in 60s", Duration.ofSeconds(10));
        assertThat(problems("kaffeekult")).singleElement().satisfies(p -> assertThat(p.what()).startsWith("DEGRADED: 429"));
        beat("demo", ConnectorHealth.Status.UP, null, Duration.ofMinutes(3));
        assertThat(problems("kaffeekult")).singleElement().satisfies(p ->
                assertThat(p.what()).startsWith("no heartbeat for 3 min (stale after 2m)"));
        readings.remove("demo");
        assertThat(problems("kaffeekult")).singleElement().satisfies(p -> assertThat(p.what()).isEqualTo("no heartbeat received"));
        readings.put("demo", new IngestHealth.Reading(null, "not a valid ConnectorHealth JSON record"));
        assertThat(problems("kaffeekult")).singleElement().satisfies(p -> assertThat(p.what()).contains("cannot be read"));
    }

    @Test
    void withoutAConfigurationEveryConnectorWithAHeartbeatCountsForEveryBrand() {
        IngestHealth unknown = new IngestHealth(null, Duration.ofMinutes(2));
        beat("file-replay", ConnectorHealth.Status.DOWN, "stopped", Duration.ofSeconds(1));
        assertThat(unknown.problems("anything", NOW.toEpochMilli(), readings::get, readings.keySet()))
                .extracting(IngestHealth.Problem::connectorId).containsExactly("file-replay");
    }

    @Test
    void durationsReadAsAPersonWritesThem() {
        assertThat(IngestHealth.human(45_000)).isEqualTo("45s");
        assertThat(IngestHealth.human(17 * 60_000 + 30_000)).isEqualTo("17 min");
        assertThat(IngestHealth.human(125 * 60_000)).isEqualTo("2 h 5 min");
    }
}
