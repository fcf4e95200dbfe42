package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.model.Alert;
import io.monitor.core.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentTrackerTest {
    private static final long MIN = 60_000;
    private static final Map<String, String> LABELS = Map.of("brand", "nordbahn", "rule", "emerging_term");
    private final IncidentTracker tracker = new IncidentTracker(Duration.ofMinutes(3), Duration.ofMinutes(10));

    private static Map<String, String> text(long observed) {
        return Map.of("summary", "burst of " + observed, "observed", Long.toString(observed));
    }

    @Test
    void firesOnceRepeatsOnlyWhenGrownAfterTheRepeatIntervalEscalatesAtOnceAndResolvesAfterTheQuietPeriod() {
        IncidentTracker.Step s = tracker.onCondition(null, 0, LABELS, Severity.WARNING, 10, () -> text(10));
        assertThat(s.publish()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.FIRING);
            assertThat(a.fingerprint()).isEqualTo(Alert.fingerprint(LABELS));
        });
        s = tracker.onCondition(s.state(), 2 * MIN, LABELS, Severity.WARNING, 50, () -> text(50));
        assertThat(s.publish()).as("grown, but within the repeat interval").isEmpty();
        for (long t = 3; t <= 9; t += 2) {
            s = tracker.onCondition(s.state(), t * MIN, LABELS, Severity.WARNING, 50, () -> text(50));
            assertThat(s.publish()).isEmpty();
        }
        s = tracker.onCondition(s.state(), 11 * MIN, LABELS, Severity.WARNING, 60, () -> text(60));
        assertThat(s.publish()).singleElement().satisfies(a -> assertThat(a.annotations()).containsEntry("observed", "60"));
        s = tracker.onCondition(s.state(), 12 * MIN, LABELS, Severity.CRITICAL, 61, () -> text(61));
        assertThat(s.publish()).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(tracker.onTick(s.state(), 14 * MIN, "quiet").publish()).isEmpty();
        IncidentTracker.Step resolved = tracker.onTick(s.state(), 15 * MIN, "quiet since 12");
        assertThat(resolved.state()).isNull();
        assertThat(resolved.publish()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
            assertThat(a.startsAt()).isEqualTo(Instant.ofEpochMilli(0));
            assertThat(a.endsAt()).isEqualTo(Instant.ofEpochMilli(15 * MIN));
            assertThat(a.annotations()).containsEntry("resolution", "quiet since 12")
                    .containsEntry("summary", "Resolved: burst of 61");
        });
    }

    @Test
    void aConditionAfterTheQuietPeriodWithoutATickInBetweenResolvesTheOldIncidentAndStartsANewOne() {
        IncidentTracker.Step s = tracker.onCondition(null, 0, LABELS, Severity.WARNING, 10, () -> text(10));
        s = tracker.onCondition(s.state(), 5 * MIN, LABELS, Severity.WARNING, 10, () -> text(10));
        assertThat(s.publish()).extracting(Alert::state).containsExactly(Alert.State.RESOLVED, Alert.State.FIRING);
        assertThat(s.publish().get(1).startsAt()).isEqualTo(Instant.ofEpochMilli(5 * MIN));
    }
}
