package io.monitor.api.notify;

import io.monitor.api.incidents.IncidentChange;
import io.monitor.core.model.Severity;
import java.util.Set;

/**
 * Which incident changes are worth a notification at all. Pure. {@link RoutingPolicy} adds who hears it and when.
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
    /** Changes that are news: they notify the channels on duty. */
    public static final Set<String> NEWS = Set.of("opened", "escalated", "reopened", "snooze_expired");
    /** Changes that close or calm what was sent: they go to the channels that were told. */
    public static final Set<String> FOLLOW_UPS = Set.of("acknowledged", "resolved", "false_alarm");
    private static final Set<String> SENT = Set.of("opened", "escalated", "reopened", "snooze_expired", "resolved",
            "false_alarm", "acknowledged");

    private NotificationPolicy() {
    }

    public static boolean shouldNotify(IncidentChange change, Severity channelMinimum) {
        return SENT.contains(change.change()) && change.incident().severity().atLeast(channelMinimum);
    }
}
