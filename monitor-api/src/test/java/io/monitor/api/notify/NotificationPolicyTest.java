package io.monitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.api.incidents.Incident;
import io.monitor.api.incidents.IncidentChange;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Severity;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationPolicyTest {
    private static IncidentChange change(String name, Severity severity) {
        Instant t = Instant.parse("2026-11-27T08:00:00Z");
        return new IncidentChange(name, new Incident("fp", "acme-bahn", "r", severity, "s", null, Map.of(), Map.of(), t,
                null, t, Alert.State.FIRING, "open", null, null, null, t));
    }

    @Test
    void newsIsSentNoiseIsNot() {
        for (String news : new String[] {"opened", "escalated", "reopened", "snooze_expired", "resolved", "false_alarm",
                "acknowledged"}) {
            assertThat(NotificationPolicy.shouldNotify(change(news, Severity.WARNING), Severity.WARNING)).as(news).isTrue();
        }
        for (String noise : new String[] {"updated", "assigned", "snoozed", "note", "removed"}) {
            assertThat(NotificationPolicy.shouldNotify(change(noise, Severity.CRITICAL), Severity.INFO)).as(noise).isFalse();
        }
    }

    @Test
    void severityBelowTheChannelsMinimumIsNotSent() {
        assertThat(NotificationPolicy.shouldNotify(change("opened", Severity.WARNING), Severity.CRITICAL)).isFalse();
        assertThat(NotificationPolicy.shouldNotify(change("opened", Severity.CRITICAL), Severity.CRITICAL)).isTrue();
    }
}
