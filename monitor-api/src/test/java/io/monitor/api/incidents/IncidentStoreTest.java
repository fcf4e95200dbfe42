package io.monitor.api.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.model.Alert;
import io.monitor.core.model.IncidentEvent;
import io.monitor.core.model.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How alerts and lifecycle events become an incident's state, told as timelines. */
class IncidentStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final IncidentStore store = new IncidentStore(clock, Duration.ofDays(7));
    private final List<IncidentChange> changes = new ArrayList<>();
    private final Alert alert = Alert.firing(Map.of("brand", "acme-bahn", "rule", "negative-spike"),
            Map.of("summary", "Negativ-Sturm"), Severity.WARNING, T0);

    IncidentStoreTest() {
        store.addListener(changes::add);
    }

    private static IncidentEvent event(String id, String fp, IncidentEvent.Type type, Instant at) {
        return new IncidentEvent(id, fp, type, "jana", at, type == IncidentEvent.Type.ASSIGNED ? "tom" : null,
                type == IncidentEvent.Type.SNOOZED ? at.plus(Duration.ofHours(1)) : null, "because");
    }

    private String state() {
        return store.get(alert.fingerprint()).orElseThrow().incident().state();
    }

    private List<String> changeNames() {
        return changes.stream().map(IncidentChange::change).toList();
    }

    @Test
    void firingThenAcknowledgedThenEscalatedThenResolvedByTheDetector() {
        store.apply(alert);                                                     // 08:00 fires
        assertThat(state()).isEqualTo("open");
        store.apply(event("e1", alert.fingerprint(), IncidentEvent.Type.ACKNOWLEDGED, T0.plusSeconds(120)));
        assertThat(state()).isEqualTo("acknowledged");                         // 08:02 jana is on it
        store.apply(alert.updated(alert.annotations(), Severity.CRITICAL, T0.plusSeconds(300)));
        assertThat(state()).isEqualTo("acknowledged");                         // 08:05 worse, still hers
        store.apply(alert.resolved(T0.plusSeconds(1800), null));               // 08:30 storm over
        assertThat(state()).isEqualTo("resolved");
        assertThat(changeNames()).containsExactly("opened", "acknowledged", "escalated", "resolved");
    }

    @Test
    void snoozeExpiresBackToOpen() {
        store.apply(alert);
        store.apply(event("e1", alert.fingerprint(), IncidentEvent.Type.SNOOZED, T0));   // until 09:00
        clock.now = T0.plusSeconds(1800);
        assertThat(state()).isEqualTo("snoozed");
        assertThat(store.expireSnoozes()).isZero();
        clock.now = T0.plusSeconds(3601);
        assertThat(state()).isEqualTo("open");
        assertThat(store.expireSnoozes()).as("announced once").isEqualTo(1);
        assertThat(store.expireSnoozes()).isZero();
        assertThat(changeNames()).containsExactly("opened", "snoozed", "snooze_expired");
    }

    @Test
    void aPersonsResolutionIsUndoneWhenTheDetectorFiresAgainWithANewStart() {
        store.apply(alert);
        store.apply(event("e1", alert.fingerprint(), IncidentEvent.Type.RESOLVED, T0.plusSeconds(600)));
        assertThat(state()).isEqualTo("resolved");
        store.apply(alert.updated(alert.annotations(), alert.severity(), T0.plusSeconds(660)));
        assertThat(state()).as("same episode still firing: the person's resolution stands").isEqualTo("resolved");
        store.apply(new Alert(Alert.SCHEMA_VERSION, alert.fingerprint(), alert.labels(), alert.annotations(),
                Severity.CRITICAL, T0.plusSeconds(7200), null, T0.plusSeconds(7200), Alert.State.FIRING));
        assertThat(state()).as("a new episode").isEqualTo("open");
    }

    @Test
    void falseAlarmIsKeptAndReopenUndoesIt() {
        store.apply(alert);
        store.apply(event("e1", alert.fingerprint(), IncidentEvent.Type.FALSE_ALARM, T0.plusSeconds(60)));
        assertThat(state()).isEqualTo("false_alarm");
        store.apply(event("e2", alert.fingerprint(), IncidentEvent.Type.REOPENED, T0.plusSeconds(120)));
        assertThat(state()).isEqualTo("open");
        assertThat(store.get(alert.fingerprint()).orElseThrow().timeline()).extracting(IncidentEvent::type)
                .containsExactly(IncidentEvent.Type.FALSE_ALARM, IncidentEvent.Type.REOPENED);
    }

    @Test
    void theSameEventAppliedTwiceCountsOnce() {
        store.apply(alert);
        IncidentEvent ack = event("e1", alert.fingerprint(), IncidentEvent.Type.ACKNOWLEDGED, T0);
        assertThat(store.apply(ack)).isTrue();
        assertThat(store.apply(ack)).isFalse();
        assertThat(store.get(alert.fingerprint()).orElseThrow().timeline()).hasSize(1);
        assertThat(changeNames()).containsExactly("opened", "acknowledged");
    }

    @Test
    void eventsReadBeforeTheirAlertAreAttachedWhenTheAlertArrives() {
        store.apply(event("e1", alert.fingerprint(), IncidentEvent.Type.ASSIGNED, T0.plusSeconds(10)));
        assertThat(store.contains(alert.fingerprint())).isFalse();
        store.apply(alert);
        assertThat(store.get(alert.fingerprint()).orElseThrow().incident().assignee()).isEqualTo("tom");
    }

    @Test
    void anOlderAlertStateDoesNotOverwriteANewerOne() {
        Alert newer = alert.updated(alert.annotations(), Severity.CRITICAL, T0.plusSeconds(60));
        store.apply(newer);
        store.apply(alert);
        assertThat(store.get(alert.fingerprint()).orElseThrow().incident().severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void resolvedIncidentsPastRetentionArePrunedActiveOnesStay() {
        Alert other = Alert.firing(Map.of("brand", "fizzcola", "rule", "negative-spike"), Map.of(), Severity.INFO, T0);
        store.apply(alert.resolved(T0.plusSeconds(60), null));
        store.apply(other);
        clock.now = T0.plus(Duration.ofDays(8));
        assertThat(store.prune()).isEqualTo(1);
        assertThat(store.contains(alert.fingerprint())).isFalse();
        assertThat(store.contains(other.fingerprint())).isTrue();
    }

    @Test
    void aTombstoneRemovesTheIncident() {
        store.apply(alert);
        store.remove(alert.fingerprint());
        assertThat(store.contains(alert.fingerprint())).isFalse();
        assertThat(changeNames()).containsExactly("opened", "removed");
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
