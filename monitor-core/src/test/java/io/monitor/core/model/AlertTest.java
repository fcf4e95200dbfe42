package io.monitor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {
    @Test
    void theFingerprintDependsOnLabelsOnlyNotOnTheirOrderOrAnnotations() {
        String a = Alert.fingerprint(Map.of("brand", "nordbahn", "rule", "spike"));
        String b = Alert.fingerprint(new java.util.LinkedHashMap<>(Map.of("rule", "spike", "brand", "nordbahn")));
        assertThat(a).isEqualTo(b).hasSize(16);
        assertThat(Alert.fingerprint(Map.of("brand", "fjordphone", "rule", "spike"))).isNotEqualTo(a);
    }

    @Test
    void labelValuesCannotBleedIntoNames() {
        assertThat(Alert.fingerprint(Map.of("a", "b=c"))).isNotEqualTo(Alert.fingerprint(Map.of("a=b", "c")));
    }

    @Test
    void resolvingKeepsIdentityAndSetsEndsAt() {
        Instant t0 = Instant.parse("2026-11-27T08:00:00Z");
        Alert firing = Alert.firing(Map.of("brand", "x", "rule", "r"), Map.of(), Severity.WARNING, t0);
        Alert resolved = firing.resolved(t0.plusSeconds(600), null);
        assertThat(resolved.fingerprint()).isEqualTo(firing.fingerprint());
        assertThat(resolved.state()).isEqualTo(Alert.State.RESOLVED);
        assertThat(resolved.endsAt()).isEqualTo(t0.plusSeconds(600));
        assertThat(resolved.startsAt()).isEqualTo(t0);
    }

    @Test
    void sentimentOutsideItsRangeIsRejected() {
        assertThatThrownBy(() -> new Sentiment(1.5, Sentiment.Label.POSITIVE, 0.5)).hasMessageContaining("[-1, 1]");
    }
}
