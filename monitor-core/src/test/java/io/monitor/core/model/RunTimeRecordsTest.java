package io.monitor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The records the API writes and the topology reads at run time: brands and planned events. */
class RunTimeRecordsTest {
    private static final Instant T = Instant.parse("2026-11-27T08:00:00Z");

    private static PlannedEvent event(Instant start, Instant end, PlannedEvent.Mode mode, double factor) {
        return new PlannedEvent(PlannedEvent.SCHEMA_VERSION, "launch-7", "fjordphone", "Launch of the Phone 7", start, end,
                mode, factor, false, "cm-team", T);
    }

    @Test
    void aBrandDefinitionSurvivesTheRoundTripAndGivesBackItsSettings() {
        BrandDefinition b = BrandDefinition.of(new BrandSettings("nordbahn", "Nordbahn", "nordbahn OR #nordbahn",
                List.of("nordbahn")), "admin", T);
        BrandDefinition back = Topics.BRAND_SERDE.fromBytes(Topics.BRAND_SERDE.toBytes(b));
        assertThat(back).isEqualTo(b);
        assertThat(back.settings().query()).isEqualTo("nordbahn OR #nordbahn");
    }

    @Test
    void aDeletionNeedsNoQueryButAnActiveBrandDoes() {
        BrandDefinition gone = BrandDefinition.deletion("nordbahn", "admin", T);
        assertThat(Topics.BRAND_SERDE.fromBytes(Topics.BRAND_SERDE.toBytes(gone)).deleted()).isTrue();
        byte[] noQuery = "{\"schemaVersion\":1,\"id\":\"nordbahn\",\"deleted\":false}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Topics.BRAND_SERDE.fromBytes(noQuery))
                .isInstanceOf(SerializationException.class).hasMessageContaining("query is required");
    }

    @Test
    void aPlannedEventCoversItsHalfOpenInterval() {
        PlannedEvent e = event(T, T.plusSeconds(3600), PlannedEvent.Mode.MUTE, 1);
        assertThat(e.covers(T.minusMillis(1))).isFalse();
        assertThat(e.covers(T)).isTrue();
        assertThat(e.covers(T.plusSeconds(3599))).isTrue();
        assertThat(e.covers(T.plusSeconds(3600))).isFalse();
        PlannedEvent cancelled = new PlannedEvent(1, "x", "b", "t", T, T.plusSeconds(60), PlannedEvent.Mode.MUTE, 1, true,
                "cm", T);
        assertThat(cancelled.covers(T)).as("a cancelled event covers nothing").isFalse();
    }

    @Test
    void aPlannedEventWithAWrongIntervalOrFactorIsRejectedWithTheReason() {
        assertThat(PlannedEvent.check(event(T, T.plusSeconds(60), PlannedEvent.Mode.RAISE, 2.5))).isNull();
        assertThat(PlannedEvent.check(event(T, T, PlannedEvent.Mode.MUTE, 1))).contains("end must be after start");
        assertThat(PlannedEvent.check(event(T, T.plusSeconds(60), PlannedEvent.Mode.RAISE, 0.5))).contains("thresholdFactor");
        byte[] wrongVersion = ("{\"schemaVersion\":9,\"id\":\"a\",\"brandId\":\"b\",\"start\":\"2026-11-27T08:00:00Z\","
                + "\"end\":\"2026-11-27T09:00:00Z\",\"mode\":\"MUTE\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Topics.PLANNED_EVENT_SERDE.fromBytes(wrongVersion))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schemaVersion 9 is not supported");
    }
}
