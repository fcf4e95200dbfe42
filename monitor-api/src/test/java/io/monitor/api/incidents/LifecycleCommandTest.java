package io.monitor.api.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.http.ApiException;
import io.monitor.core.json.Json;
import io.monitor.core.model.IncidentEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LifecycleCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    private static IncidentEvent parse(String action, String body) throws Exception {
        return LifecycleCommand.parse(action, "fp1", body == null ? null : json(body), "jana", NOW);
    }

    private static void assertBadField(String action, String body, String field, String why) {
        assertThatThrownBy(() -> parse(action, body)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.extensions().get("field")).isEqualTo(field);
            assertThat(e.getMessage()).contains(why);
        });
    }

    @Test
    void acknowledgeNeedsNoBody() throws Exception {
        IncidentEvent e = parse("acknowledge", null);
        assertThat(e.type()).isEqualTo(IncidentEvent.Type.ACKNOWLEDGED);
        assertThat(e.actor()).isEqualTo("jana");
        assertThat(e.at()).isEqualTo(NOW);
        assertThat(e.eventId()).isNotBlank();
        assertThat(e.fingerprint()).isEqualTo("fp1");
    }

    @Test
    void snoozeTakesAnInstantOrADurationButNotBothAndNotThePast() throws Exception {
        assertThat(parse("snooze", "{\"for\":\"2h\"}").until()).isEqualTo(NOW.plusSeconds(7200));
        assertThat(parse("snooze", "{\"until\":\"2026-11-27T18:00:00Z\"}").until())
                .isEqualTo(Instant.parse("2026-11-27T18:00:00Z"));
        assertBadField("snooze", "{\"for\":\"2h\",\"until\":\"2026-11-27T18:00:00Z\"}", "for", "exactly one");
        assertBadField("snooze", "{}", "until", "exactly one");
        assertBadField("snooze", "{\"until\":\"2026-11-27T07:00:00Z\"}", "until", "future");
        assertBadField("snooze", "{\"for\":\"90d\"}", "for", "30 days");
        assertBadField("snooze", "{\"for\":\"soon\"}", "for", "duration");
    }

    @Test
    void resolveAndFalseAlarmNeedAReason() throws Exception {
        assertThat(parse("resolve", "{\"reason\":\"Statement veröffentlicht\"}").text())
                .isEqualTo("Statement veröffentlicht");
        assertBadField("resolve", "{}", "reason", "required");
        assertBadField("false-alarm", "{\"reason\":\"   \"}", "reason", "blank");
        assertBadField("notes", "{\"text\":42}", "text", "string");
        assertBadField("notes", "{\"text\":\"" + "x".repeat(4001) + "\"}", "text", "longer");
        assertBadField("assign", "{\"assignee\":\"tom\",\"extra\":1}", "extra", "not known");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRejected() {
        assertThatThrownBy(() -> parse("notes", "[1,2]")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).contains("JSON object"));
    }
}
