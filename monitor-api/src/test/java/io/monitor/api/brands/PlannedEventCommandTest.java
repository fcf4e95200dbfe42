package io.monitor.api.brands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.api.http.ApiException;
import io.monitor.core.json.Json;
import io.monitor.core.model.PlannedEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlannedEventCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

    private static ObjectNode body(Instant start, Instant end, String mode) {
        ObjectNode b = Json.MAPPER.createObjectNode().put("title", "Launch of the Phone 7").put("start", start.toString())
                .put("end", end.toString()).put("mode", mode);
        if (mode.equals("RAISE")) {
            b.put("thresholdFactor", 3);
        }
        return b;
    }

    private static ApiException rejected(JsonNode body) {
        try {
            PlannedEventCommand.create("acme", body, "jana", NOW);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("not rejected: " + body);
    }

    @Test
    void aRaiseDeclarationBecomesTheEventToWrite() {
        PlannedEvent e = PlannedEventCommand.create("acme", body(START, START.plus(Duration.ofHours(12)), "RAISE"),
                "jana", NOW);
        assertThat(e.brandId()).isEqualTo("acme");
        assertThat(e.mode()).isEqualTo(PlannedEvent.Mode.RAISE);
        assertThat(e.thresholdFactor()).isEqualTo(3.0);
        assertThat(e.createdBy()).isEqualTo("jana");
        assertThat(e.updatedAt()).isEqualTo(NOW);
        assertThat(e.cancelled()).isFalse();
        assertThat(e.id()).hasSize(36); // a generated UUID
        assertThat(PlannedEvent.check(e)).isNull();
        // mode is case-insensitive; MUTE needs no factor
        assertThat(PlannedEventCommand.create("acme", body(START, START.plusSeconds(60), "mute"), "jana", NOW).mode())
                .isEqualTo(PlannedEvent.Mode.MUTE);
    }

    @Test
    void anEventAlreadyRunningMayBeDeclaredButNotOneThatEnded() {
        PlannedEventCommand.create("acme", body(NOW.minusSeconds(3600), NOW.plusSeconds(3600), "MUTE"), "jana", NOW);
        ApiException e = rejected(body(NOW.minusSeconds(7200), NOW.minusSeconds(1), "MUTE"));
        assertThat(e.extensions()).containsEntry("field", "end");
        assertThat(e.getMessage()).contains("in the past");
    }

    @Test
    void timesModesAndFactorsAreCheckedAndTheFieldNamed() {
        assertThat(rejected(body(START, START, "MUTE")).extensions()).containsEntry("field", "end");
        assertThat(rejected(body(START, START.minusSeconds(1), "MUTE")).extensions()).containsEntry("field", "end");
        ApiException tooLong = rejected(body(START, START.plus(Duration.ofDays(30)).plusSeconds(1), "MUTE"));
        assertThat(tooLong.getMessage()).contains("30 days");
        PlannedEventCommand.create("acme", body(START, START.plus(Duration.ofDays(30)), "MUTE"), "jana", NOW);
        assertThat(rejected(body(NOW.plus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(401)), "MUTE")).extensions())
                .containsEntry("field", "start");
        assertThat(rejected(body(START, START.plusSeconds(60), "SILENCE")).extensions()).containsEntry("field", "mode");
        ObjectNode noFactor = body(START, START.plusSeconds(60), "MUTE").put("mode", "RAISE");
        assertThat(rejected(noFactor).extensions()).containsEntry("field", "thresholdFactor");
        for (double bad : new double[] {0.5, 1000.5, Double.NaN}) {
            ObjectNode b = body(START, START.plusSeconds(60), "RAISE").put("thresholdFactor", bad);
            assertThat(rejected(b).extensions()).as("factor %s", bad).containsEntry("field", "thresholdFactor");
        }
        ObjectNode textFactor = body(START, START.plusSeconds(60), "RAISE").put("thresholdFactor", "3");
        assertThat(rejected(textFactor).extensions()).containsEntry("field", "thresholdFactor");
        ObjectNode muteWithFactor = body(START, START.plusSeconds(60), "MUTE").put("thresholdFactor", 2);
        assertThat(rejected(muteWithFactor).extensions()).containsEntry("field", "thresholdFactor");
        assertThat(rejected(body(START, START.plusSeconds(60), "MUTE").put("start", "tomorrow")).extensions())
                .containsEntry("field", "start");
        assertThat(rejected(body(START, START.plusSeconds(60), "MUTE").put("brandId", "other")).extensions())
                .containsEntry("field", "brandId");
        assertThat(rejected(body(START, START.plusSeconds(60), "MUTE").put("id", "Not A Slug")).extensions())
                .containsEntry("field", "id");
        assertThat(rejected(body(START, START.plusSeconds(60), "MUTE").put("cancelled", true)).extensions())
                .containsEntry("field", "cancelled");
    }

    @Test
    void aChangeKeepsIdBrandAndCreatorAndACancelKeepsEverythingElse() {
        PlannedEvent had = PlannedEventCommand.create("acme", body(START, START.plusSeconds(3600), "MUTE")
                .put("id", "launch"), "jana", NOW);
        PlannedEvent changed = PlannedEventCommand.change(had, body(START.plusSeconds(600), START.plusSeconds(7200),
                "RAISE"), NOW.plusSeconds(5));
        assertThat(changed.id()).isEqualTo("launch");
        assertThat(changed.brandId()).isEqualTo("acme");
        assertThat(changed.createdBy()).isEqualTo("jana");
        assertThat(changed.start()).isEqualTo(START.plusSeconds(600));
        assertThat(changed.updatedAt()).isEqualTo(NOW.plusSeconds(5));
        PlannedEvent cancelled = PlannedEventCommand.cancel(changed, NOW.plusSeconds(9));
        assertThat(cancelled.cancelled()).isTrue();
        assertThat(cancelled.covers(START.plusSeconds(700))).isFalse();
        assertThat(cancelled).usingRecursiveComparison().ignoringFields("cancelled", "updatedAt").isEqualTo(changed);
    }
}
