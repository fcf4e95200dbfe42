package io.monitor.api.notify;

import io.monitor.api.incidents.IncidentChange;
import io.monitor.core.model.Severity;
import java.util.Set;

/**
 * Decides whether a channel hears about an incident change. Pure.
 *
 * <ul>
 *   <li>opened, escalated, reopened and snooze_expired are sent when the incident's severity reaches the channel's minimum;</li>
 *   <li>resolved (by the detector or a person) and false_alarm are sent for the same incidents, so receivers can close
 *       what they opened; acknowledged is sent too (PagerDuty-style receivers stop paging on it);</li>
 *   <li>updated (new numbers, same severity), assigned, snoozed and notes are not sent: they would be noise;</li>
 *   <li>an escalation of an acknowledged incident is sent again: worse news needs eyes even when someone is on it.</li>
 * </ul>
 */
public final class NotificationPolicy {
    private static final Set<String> SENT = Set.of("opened", "escalated", "reopened", "snooze_expired", "resolved",
            "false_alarm", "acknowledged");

    private NotificationPolicy() {
    }

    public static boolean shouldNotify(IncidentChange change, Severity channelMinimum) {
        return SENT.contains(change.change()) && change.incident().severity().atLeast(channelMinimum);
    }
}
