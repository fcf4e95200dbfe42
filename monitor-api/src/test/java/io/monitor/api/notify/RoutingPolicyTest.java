package io.monitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.api.incidents.Incident;
import io.monitor.api.incidents.IncidentChange;
import io.monitor.api.incidents.IncidentFilter;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.config.ChannelSettings;
import io.monitor.core.model.Alert;
import io.monitor.core.model.IncidentEvent;
import io.monitor.core.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Routing rules as timelines on a fake clock: the real incident store produces the changes, the policy decides, and
 * each step asserts exactly which channel hears what ("channel:kind").
 */
class RoutingPolicyTest {
    /** Tuesday 2026-11-24, 10:00 in Berlin (09:00 UTC): office hours. */
    private static final Instant TUESDAY_10_BERLIN = Instant.parse("2026-11-24T09:00:00Z");
    /** Tuesday 2026-11-24, 22:00 in Berlin: night. */
    private static final Instant TUESDAY_22_BERLIN = Instant.parse("2026-11-24T21:00:00Z");

    private final MutableClock clock = new MutableClock(TUESDAY_10_BERLIN);
    private final IncidentStore store = new IncidentStore(clock, IncidentStore.DEFAULT_RETENTION);
    private final List<String> sent = new ArrayList<>();
    private Instant t0;
    private RoutingPolicy policy;

    private void channels(ChannelSettings... settings) {
        List<ChannelRules> rules = new ArrayList<>();
        for (int i = 0; i < settings.length; i++) {
            rules.add(ChannelRules.parse(settings[i], "notifications[" + i + "]", Set.of()));
        }
        policy = new RoutingPolicy(rules);
        store.addListener(c -> record(policy.onChange(c, clock.now)));
        t0 = clock.now;
    }

    private void record(List<RoutingPolicy.Decision> decisions) {
        decisions.forEach(d -> sent.add(d.channel().id() + ":" + d.kind()));
    }

    private static ChannelSettings cmSlack() {
        return new ChannelSettings("cm-slack", "slack", "CM_SLACK", Severity.WARNING, Map.of("repeatInterval", "30m",
                "hours", "08:00-18:00", "days", "MON-FRI", "timezone", "Europe/Berlin"));
    }

    private static ChannelSettings oncallPagerDuty() {
        return new ChannelSettings("oncall-pd", "pagerduty", "PD_KEY", Severity.CRITICAL, Map.of("escalation", true,
                "escalateAfter", "45m"));
    }

    private static Alert spike(String brand, Severity severity, Instant at) {
        return Alert.firing(Map.of("brand", brand, "rule", "negative-spike"), Map.of("summary", "Negativ-Sturm"),
                severity, at);
    }

    /** Moves the clock to t0 + {@code offset}, runs the periodic check, and returns (and clears) what was decided. */
    private List<String> at(Duration offset) {
        clock.now = t0.plus(offset);
        record(policy.onTick(store.list(new IncidentFilter(Set.of(), Set.of("active"), Set.of(), null, 1000)),
                clock.now));
        return drain();
    }

    private List<String> drain() {
        List<String> out = List.copyOf(sent);
        sent.clear();
        return out;
    }

    private void ack(Alert a, String who) {
        store.apply(new IncidentEvent("ack-" + clock.now, a.fingerprint(), IncidentEvent.Type.ACKNOWLEDGED, who,
                clock.now, null, null, null));
    }

    @Test
    void openedToSlackRepeatedWhileUnacknowledgedEscalatedToPagerDutyThenAcknowledgedAndResolvedEverywhere() {
        channels(cmSlack(), oncallPagerDuty());
        Alert a = spike("acme-bahn", Severity.CRITICAL, t0);

        store.apply(a);                                                                   // t=0    opened
        assertThat(drain()).containsExactly("cm-slack:opened");
        assertThat(at(Duration.ofMinutes(10))).isEmpty();                                 // t=10m  nothing due
        assertThat(at(Duration.ofMinutes(30))).containsExactly("cm-slack:reminder");      // t=30m  no ack: repeat
        assertThat(at(Duration.ofMinutes(45))).containsExactly("oncall-pd:escalation");   // t=45m  escalate: trigger
        assertThat(at(Duration.ofMinutes(46))).isEmpty();                                 //        once only
        clock.now = t0.plus(Duration.ofMinutes(50));
        ack(a, "jana");                                                                   // t=50m  acknowledged
        assertThat(drain()).containsExactly("cm-slack:acknowledged", "oncall-pd:acknowledged");
        assertThat(at(Duration.ofMinutes(90))).as("no repeats once acknowledged").isEmpty();
        assertThat(at(Duration.ofHours(3))).isEmpty();
        store.apply(a.resolved(t0.plus(Duration.ofHours(3)), null));                      // t=3h   resolved
        assertThat(drain()).containsExactly("cm-slack:resolved", "oncall-pd:resolved");
        assertThat(at(Duration.ofHours(4))).isEmpty();
    }

    @Test
    void anAcknowledgedIncidentThatEscalatesNotifiesAgainButIsNotRepeated() {
        channels(cmSlack(), oncallPagerDuty());
        Alert a = spike("acme-bahn", Severity.WARNING, t0);
        store.apply(a);
        assertThat(drain()).containsExactly("cm-slack:opened");
        clock.now = t0.plus(Duration.ofMinutes(5));
        ack(a, "jana");
        assertThat(drain()).containsExactly("cm-slack:acknowledged");
        assertThat(at(Duration.ofMinutes(50))).as("acknowledged: no repeat, no escalation").isEmpty();

        store.apply(a.updated(a.annotations(), Severity.CRITICAL, t0.plus(Duration.ofMinutes(55))));
        assertThat(drain()).as("worse news needs eyes even when someone is on it").containsExactly("cm-slack:escalated");
        assertThat(at(Duration.ofHours(2))).isEmpty();
    }

    @Test
    void officeHoursGoToTheCmChannelAndNightsToOnCall() {
        ChannelSettings night = new ChannelSettings("oncall-slack", "slack", "ONCALL", Severity.WARNING, Map.of(
                "hours", "18:00-08:00", "timezone", "Europe/Berlin"));
        channels(cmSlack(), night);
        store.apply(spike("acme-bahn", Severity.CRITICAL, clock.now));
        assertThat(drain()).containsExactly("cm-slack:opened");

        clock.now = TUESDAY_22_BERLIN;
        store.apply(spike("fizzcola", Severity.CRITICAL, clock.now));
        assertThat(drain()).containsExactly("oncall-slack:opened");
    }

    @Test
    void aFollowUpReachesTheChannelThatWasToldEvenOutsideItsHours() {
        channels(cmSlack());
        Alert a = spike("acme-bahn", Severity.CRITICAL, clock.now);
        store.apply(a);
        assertThat(drain()).containsExactly("cm-slack:opened");
        clock.now = TUESDAY_22_BERLIN;
        assertThat(at(Duration.between(t0, TUESDAY_22_BERLIN))).as("no repeats off duty").isEmpty();
        store.apply(a.resolved(clock.now, null));
        assertThat(drain()).containsExactly("cm-slack:resolved");
    }

    @Test
    void onlyTheConfiguredBrandsAndSeveritiesReachAChannel() {
        ChannelSettings fizz = new ChannelSettings("fizz-team", "teams", "FIZZ", Severity.WARNING,
                Map.of("brands", List.of("fizzcola")));
        channels(fizz, oncallPagerDuty());
        store.apply(spike("acme-bahn", Severity.CRITICAL, clock.now));
        store.apply(Alert.firing(Map.of("brand", "fizzcola", "rule", "minor"), Map.of(), Severity.INFO, clock.now));
        assertThat(drain()).as("another brand; below the minimum").isEmpty();
        store.apply(spike("fizzcola", Severity.WARNING, clock.now));
        assertThat(drain()).containsExactly("fizz-team:opened");
        assertThat(at(Duration.ofHours(1))).as("the pager takes the critical one of any brand, the team repeats its own")
                .containsExactlyInAnyOrder("oncall-pd:escalation", "fizz-team:reminder");
    }

    @Test
    void aPagerThatWasTriggeredIsResolvedEvenIfTheSeverityDroppedMeanwhile() {
        channels(cmSlack(), oncallPagerDuty());
        Alert a = spike("acme-bahn", Severity.CRITICAL, t0);
        store.apply(a);
        assertThat(drain()).containsExactly("cm-slack:opened");
        assertThat(at(Duration.ofMinutes(45))).containsExactly("cm-slack:reminder", "oncall-pd:escalation");
        Alert calmer = a.updated(a.annotations(), Severity.WARNING, t0.plus(Duration.ofMinutes(50)));
        store.apply(calmer);
        assertThat(drain()).as("a lower severity is no news").isEmpty();
        store.apply(calmer.resolved(t0.plus(Duration.ofMinutes(60)), null));
        assertThat(drain()).containsExactly("cm-slack:resolved", "oncall-pd:resolved");
    }

    @Test
    void incidentsClosedForADayAreForgotten() {
        channels(cmSlack());
        Alert a = spike("acme-bahn", Severity.CRITICAL, t0);
        store.apply(a);
        store.apply(a.resolved(t0.plus(Duration.ofMinutes(5)), null));
        assertThat(drain()).containsExactly("cm-slack:opened", "cm-slack:resolved");
        at(Duration.ofDays(2)); // forgets it
        IncidentChange late = new IncidentChange("resolved", store.get(a.fingerprint()).orElseThrow().incident());
        record(policy.onChange(late, clock.now));
        assertThat(drain()).as("forgotten: treated like an incident from before a restart").containsExactly(
                "cm-slack:resolved");
    }

    @Test
    void aResolutionByAPersonAndThenByTheDetectorIsSentOnce() {
        channels(cmSlack());
        Alert a = spike("acme-bahn", Severity.CRITICAL, clock.now);
        store.apply(a);
        store.apply(new IncidentEvent("r1", a.fingerprint(), IncidentEvent.Type.RESOLVED, "jana",
                clock.now.plusSeconds(60), null, null, "fixed"));
        store.apply(a.resolved(clock.now.plusSeconds(120), null));
        assertThat(drain()).containsExactly("cm-slack:opened", "cm-slack:resolved");
    }

    @Test
    void aSnoozeStopsRepeatsAndItsEndIsNewsAgain() {
        channels(cmSlack(), oncallPagerDuty());
        Alert a = spike("acme-bahn", Severity.CRITICAL, clock.now);
        store.apply(a);
        store.apply(new IncidentEvent("s1", a.fingerprint(), IncidentEvent.Type.SNOOZED, "jana", clock.now, null,
                t0.plus(Duration.ofHours(1)), null));
        assertThat(drain()).containsExactly("cm-slack:opened");
        assertThat(at(Duration.ofMinutes(50))).isEmpty();
        clock.now = t0.plus(Duration.ofMinutes(61));
        store.expireSnoozes();
        assertThat(drain()).containsExactly("cm-slack:snooze_expired");
        assertThat(at(Duration.ofMinutes(100))).as("the escalation clock restarted when the snooze ended")
                .containsExactly("cm-slack:reminder");
        assertThat(at(Duration.ofMinutes(106))).containsExactly("oncall-pd:escalation");
    }

    @Test
    void afterARestartFollowUpsStillCloseWhatWasOpenedAndRepeatsResumeOneIntervalLater() {
        Alert a = spike("acme-bahn", Severity.CRITICAL, TUESDAY_10_BERLIN);
        store.apply(a); // opened before the restart: no policy listening yet
        clock.now = TUESDAY_10_BERLIN.plus(Duration.ofHours(1));
        channels(cmSlack(), oncallPagerDuty());
        t0 = TUESDAY_10_BERLIN;

        assertThat(at(Duration.ofHours(1))).as("escalation is due by the incident's age").containsExactly(
                "oncall-pd:escalation");
        assertThat(at(Duration.ofMinutes(89))).isEmpty();
        assertThat(at(Duration.ofMinutes(90))).containsExactly("cm-slack:reminder");

        Alert b = spike("fizzcola", Severity.CRITICAL, TUESDAY_10_BERLIN.plus(Duration.ofMinutes(80)));
        clock.now = TUESDAY_10_BERLIN.plus(Duration.ofMinutes(100));
        store.apply(b);
        Incident resolvedA = incident(a.resolved(clock.now, null));
        Incident resolvedB = incident(b.resolved(clock.now, null));
        sent.clear();
        RoutingPolicy fresh = new RoutingPolicy(policy.channels()); // another restart: the policy forgot everything
        record(fresh.onChange(new IncidentChange("resolved", resolvedA), clock.now));
        record(fresh.onChange(new IncidentChange("resolved", resolvedB), clock.now));
        assertThat(drain()).as("the pager hears only of incidents old enough to have been escalated")
                .containsExactly("cm-slack:resolved", "oncall-pd:resolved", "cm-slack:resolved");
    }

    private Incident incident(Alert resolved) {
        store.apply(resolved);
        return store.get(resolved.fingerprint()).orElseThrow().incident();
    }
}
