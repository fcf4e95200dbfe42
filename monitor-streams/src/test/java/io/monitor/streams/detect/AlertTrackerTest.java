package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.model.Alert;
import io.monitor.core.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timelines of one brand's alert: minute marks are event times. */
class AlertTrackerTest {
    private static final long MIN = 60_000;
    private final NegativeSpikeDetector detector = new NegativeSpikeDetector(8, 3.0, 1e-4);
    private final AlertTracker tracker = new AlertTracker(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(10));
    private final long[] quiet = quiet();
    private IncidentState state;

    private static long[] quiet() {
        long[] a = new long[30];
        Arrays.fill(a, 1);
        return a;
    }

    private List<Alert> at(long minute, long observed) {
        NegativeSpikeDetector.Decision d = detector.evaluate(observed, observed, quiet, true);
        AlertTracker.Step s = tracker.onDecision(state, minute, "nordbahn", "Nordbahn", d, () -> 8,
                () -> new Evidence(List.of("Zug fällt aus — https://x/1"), List.of("ausfall")));
        state = s.state();
        return s.publish();
    }

    private List<Alert> tick(long t) {
        AlertTracker.Step s = tracker.onTick(state, t);
        state = s.state();
        return s.publish();
    }

    @Test
    void oneBurstGivesOneFiringAnEscalationAndOneResolved() {
        assertThat(at(11 * MIN, 3)).isEmpty();
        List<Alert> first = at(11 * MIN + 1000, 9);
        assertThat(first).hasSize(1);
        Alert firing = first.get(0);
        assertThat(firing.state()).isEqualTo(Alert.State.FIRING);
        assertThat(firing.severity()).isEqualTo(Severity.WARNING);
        assertThat(firing.fingerprint()).isEqualTo(AlertTracker.fingerprint("nordbahn"));
        assertThat(firing.labels()).containsEntry("brand", "nordbahn").containsEntry("rule", "negative_volume_spike");
        assertThat(firing.annotations().get("description")).contains("9 negative mentions of Nordbahn", "expected 1.0",
                "Top terms: ausfall", "https://x/1");
        assertThat(at(11 * MIN + 2000, 10)).as("same severity, same burst: nothing").isEmpty();
        List<Alert> escalated = at(11 * MIN + 3000, 40);
        assertThat(escalated).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.startsAt()).isEqualTo(firing.startsAt());
            assertThat(a.fingerprint()).isEqualTo(firing.fingerprint());
        });
        assertThat(at(11 * MIN + 4000, 41)).isEmpty();
        assertThat(tick(13 * MIN)).as("quiet for less than resolveAfter").isEmpty();
        List<Alert> resolved = tick(14 * MIN + 4000);
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
            assertThat(a.endsAt()).isEqualTo(Instant.ofEpochMilli(14 * MIN + 4000));
            assertThat(a.startsAt()).isEqualTo(firing.startsAt());
            assertThat(a.annotations().get("resolution")).contains("peak was 41");
        });
        assertThat(tick(20 * MIN)).isEmpty();
        assertThat(at(21 * MIN, 30)).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.FIRING);
            assertThat(a.startsAt()).isEqualTo(Instant.ofEpochMilli(21 * MIN));
        });
    }

    @Test
    void aLongIncidentIsRefreshedAtMostOncePerRepeatInterval() {
        int published = 0;
        for (long t = 0; t < 30 * MIN; t += 1000) {
            published += at(t, 9 + t / 1000).size();
        }
        // the first FIRING, an escalation to CRITICAL, then one refresh per 10 minutes at most
        assertThat(published).isBetween(3, 5);
    }

    @Test
    void aSpikeAfterTheQuietPeriodWithoutATickResolvesTheOldIncidentFirst() {
        at(0, 9);
        List<Alert> out = at(10 * MIN, 9);
        assertThat(out).extracting(Alert::state).containsExactly(Alert.State.RESOLVED, Alert.State.FIRING);
    }

    @Test
    void theRepeatIntervalCannotBeZero() {
        assertThatThrownBy(() -> new AlertTracker(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherRuleRunsTheSameLifecycleAsItsOwnIncident() {
        java.util.Map<String, String> labels = AlertTracker.labels("nordbahn", io.monitor.core.model.AlertRules.NEGATIVE_SHARE_SHIFT);
        AlertTracker.Step first = tracker.onSignal(null, 10 * MIN, labels, true, Severity.WARNING, 30,
                () -> java.util.Map.of("summary", "tone", "observed", "30"));
        assertThat(first.publish()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.FIRING);
            assertThat(a.rule()).isEqualTo("negative_share_shift");
            assertThat(a.fingerprint()).isNotEqualTo(AlertTracker.fingerprint("nordbahn"));
        });
        AlertTracker.Step same = tracker.onSignal(first.state(), 11 * MIN, labels, true, Severity.WARNING, 31,
                () -> java.util.Map.of("summary", "tone", "observed", "31"));
        assertThat(same.publish()).as("no repeat before repeatInterval").isEmpty();
        AlertTracker.Step escalated = tracker.onSignal(same.state(), 12 * MIN, labels, true, Severity.CRITICAL, 50,
                () -> java.util.Map.of("summary", "tone", "observed", "50"));
        assertThat(escalated.publish()).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.CRITICAL));
        AlertTracker.Step quiet = tracker.onSignal(escalated.state(), 14 * MIN, labels, false, null, 5, java.util.Map::of);
        assertThat(quiet.publish()).isEmpty();
        AlertTracker.Step resolved = tracker.onTick(quiet.state(), 15 * MIN);
        assertThat(resolved.publish()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
            assertThat(a.startsAt()).isEqualTo(Instant.ofEpochMilli(10 * MIN));
        });
        assertThat(resolved.state()).isNull();
    }
}
