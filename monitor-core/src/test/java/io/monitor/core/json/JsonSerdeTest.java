package io.monitor.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.core.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    static Mention mention() {
        return new Mention(Mention.SCHEMA_VERSION, "bluesky", "at://did:plc:x/app.bsky.feed.post/1", "https://bsky.app/x",
                new Mention.Author("did:plc:x", "anna.bsky.social", "Anna", 1200), "Schon wieder Verspätung 😡",
                "de", Instant.parse("2026-11-27T08:00:00Z"), Instant.parse("2026-11-27T08:00:01Z"),
                new Mention.Engagement(3, 1, 0, 0), null, null, null, List.of("nordbahn"),
                new Sentiment(-0.7, Sentiment.Label.NEGATIVE, 0.9));
    }

    @Test
    void aMentionSurvivesTheRoundTrip() {
        Mention m = mention();
        byte[] bytes = Topics.MENTION_SERDE.toBytes(m);
        assertThat(Topics.MENTION_SERDE.fromBytes(bytes)).isEqualTo(m);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"createdAt\":\"2026-11-27T08:00:00Z\"");
    }

    @Test
    void anAlertSurvivesTheRoundTripAndKeepsItsFingerprint() {
        Alert a = Alert.firing(Map.of("brand", "nordbahn", "rule", "negative_volume_spike"),
                Map.of("summary", "Negative mentions 5x baseline"), Severity.CRITICAL, Instant.parse("2026-11-27T08:00:00Z"));
        Alert back = Topics.ALERT_SERDE.fromBytes(Topics.ALERT_SERDE.toBytes(a));
        assertThat(back).isEqualTo(a);
        assertThat(back.fingerprint()).isEqualTo(Alert.fingerprint(Map.of("rule", "negative_volume_spike", "brand", "nordbahn")));
    }

    @Test
    void givenInvalidJson_thenTheErrorSaysWhatWasExpected() {
        assertThatThrownBy(() -> Topics.MENTION_SERDE.fromBytes("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("not a valid Mention JSON record");
    }

    @Test
    void givenAnUnknownSchemaVersion_thenItIsRejectedWithTheVersion() {
        String json = new String(Topics.MENTION_SERDE.toBytes(mention()), StandardCharsets.UTF_8)
                .replace("\"schemaVersion\":1", "\"schemaVersion\":7");
        assertThatThrownBy(() -> Topics.MENTION_SERDE.fromBytes(json.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("invalid Mention: schemaVersion 7 is not supported (expected 1)");
    }

    @Test
    void givenAMentionWithoutId_thenItIsRejected() {
        String json = "{\"schemaVersion\":1,\"platform\":\"x\",\"createdAt\":\"2026-11-27T08:00:00Z\"}";
        assertThatThrownBy(() -> Topics.MENTION_SERDE.fromBytes(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("id");
    }

    @Test
    void givenAnAbsurdlyLargeRecord_thenItIsRejectedBeforeParsing() {
        byte[] big = new byte[JsonSerde.MAX_BYTES + 1];
        assertThatThrownBy(() -> Topics.MENTION_SERDE.fromBytes(big)).hasMessageContaining("exceeds the limit");
    }

    @Test
    void nullBytesAreTombstones() {
        assertThat(Topics.ALERT_SERDE.fromBytes(null)).isNull();
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThatThrownBy(() -> Durations.parse("5 minutes")).hasMessageContaining("not a duration");
    }
}
