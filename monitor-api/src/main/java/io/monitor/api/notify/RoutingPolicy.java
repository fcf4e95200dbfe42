package io.monitor.api.notify;

import io.monitor.api.incidents.Incident;
import io.monitor.api.incidents.IncidentChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which channel hears what, and when: the routing rules of {@link ChannelRules} applied to incident changes
 * ({@link #onChange}) and to the passing of time ({@link #onTick}). Pure apart from its memory of what it told whom;
 * the clock is an argument, so tests read as timelines. Not thread-safe (the notifier calls it under its lock).
 *
 * <ul>
 *   <li><b>News</b> (opened, escalated, reopened, snooze_expired; see {@link NotificationPolicy}) goes to every
 *       ordinary channel whose brands and minimum severity match and whose time window contains now, and to escalation
 *       channels that were already engaged for the incident.</li>
 *   <li><b>Follow-ups</b> (acknowledged, resolved, false_alarm) go to the channels that were told about the incident,
 *       whatever the time and even if its severity dropped meanwhile, so receivers can close what they opened
 *       (PagerDuty acknowledge/resolve). For an incident
 *       this process has never seen (it opened before a restart) they go to the ordinary channels that match, and to
 *       escalation channels when the incident is old enough to have been escalated. The same follow-up is not sent
 *       twice in a row (a person's resolve followed by the detector's).</li>
 *   <li><b>Repeats</b>: while an incident is open (not acknowledged, not snoozed) every channel that was told about it
 *       hears it again ({@code reminder}) each {@code repeatInterval}, inside its window. PagerDuty channels are not
 *       repeated: PagerDuty keeps paging by itself.</li>
 *   <li><b>Escalation</b>: an incident open (unacknowledged) for {@code escalateAfter} since it started (or reopened)
 *       is sent ({@code escalation}) to the matching channels marked {@code escalation: true}, once.</li>
 *   <li>An acknowledged incident is neither repeated nor escalated; if its severity rises, the {@code escalated}
 *       change is news and notifies again.</li>
 * </ul>
 */
public final class RoutingPolicy {
    /** One notification to send: {@code kind} is the change name, {@code reminder} or {@code escalation}. */
    public record Decision(ChannelRules channel, String kind, Incident incident) {
    }

    private static final Set<String> NEWS = NotificationPolicy.NEWS;
    private static final Set<String> FOLLOW_UPS = NotificationPolicy.FOLLOW_UPS;
    private static final Duration FORGET_CLOSED_AFTER = Duration.ofDays(1);

    /** What this process told each channel about one incident. */
    private static final class Track {
        final Map<String, Instant> lastSent = new HashMap<>();
        final Map<String, String> lastKind = new HashMap<>();
        Instant openSince;
        Instant closedAt;
        Instant touched;
    }

    private List<ChannelRules> channels;
    private final Map<String, Track> tracks = new HashMap<>();

    public RoutingPolicy(List<ChannelRules> channels) {
        this.channels = List.copyOf(channels);
    }

    public List<ChannelRules> channels() {
        return channels;
    }

    /**
     * Replaces the channels (run-time changes): the next decision uses the new set. What was told to a channel is kept
     * by channel id, so a changed channel still gets the follow-ups of incidents it heard about; a removed channel
     * gets nothing more.
     */
    public void channels(List<ChannelRules> changed) {
        this.channels = List.copyOf(changed);
    }

    public List<Decision> onChange(IncidentChange change, Instant now) {
        Incident i = change.incident();
        String kind = change.change();
        boolean news = NEWS.contains(kind);
        boolean followUp = FOLLOW_UPS.contains(kind);
        if (!news && !followUp) {
            return List.of();
        }
        Track t = tracks.get(i.fingerprint());
        boolean seen = t != null;
        if (t == null) {
            t = new Track();
            tracks.put(i.fingerprint(), t);
        }
        if (kind.equals("opened") || kind.equals("reopened") || kind.equals("snooze_expired") || t.openSince == null) {
            t.openSince = kind.equals("opened") ? i.startsAt() : now;
        }
        t.touched = now;
        List<Decision> out = new ArrayList<>();
        for (ChannelRules c : channels) {
            boolean accepts = c.accepts(i.brand(), i.severity());
            boolean told = t.lastSent.containsKey(c.id());
            boolean send;
            if (news) {
                send = accepts && c.window().contains(now) && (!c.escalation() || told);
            } else if (kind.equals(t.lastKind.get(c.id()))) {
                send = false; // the same follow-up again (e.g. resolved by a person, then by the detector)
            } else if (seen) {
                send = told; // even if the severity dropped meanwhile: what was opened must be closed
            } else {
                send = accepts && (!c.escalation() || !i.startsAt().plus(c.escalateAfter()).isAfter(now));
            }
            if (send) {
                t.lastSent.put(c.id(), now);
                t.lastKind.put(c.id(), kind);
                out.add(new Decision(c, kind, i));
            }
        }
        t.closedAt = i.active() ? null : now;
        return out;
    }

    /**
     * Repeats and escalations due at {@code now}, given every active incident (open, acknowledged or snoozed; only
     * open ones count). Also forgets incidents closed (or gone from the view) more than a day ago.
     */
    public List<Decision> onTick(Collection<Incident> active, Instant now) {
        List<Decision> out = new ArrayList<>();
        Set<String> activeIds = new HashSet<>();
        for (Incident i : active) {
            activeIds.add(i.fingerprint());
            if (!Incident.OPEN.equals(i.state())) {
                continue;
            }
            Track t = tracks.get(i.fingerprint());
            if (t == null) {
                // Opened before this process started: assume the ordinary channels were told just now, so repeats
                // resume one interval from here instead of all firing at once.
                t = new Track();
                t.openSince = i.startsAt();
                t.touched = now;
                for (ChannelRules c : channels) {
                    if (!c.escalation() && c.accepts(i.brand(), i.severity())) {
                        t.lastSent.put(c.id(), now);
                        t.lastKind.put(c.id(), "opened");
                    }
                }
                tracks.put(i.fingerprint(), t);
            }
            for (ChannelRules c : channels) {
                if (!c.accepts(i.brand(), i.severity()) || !c.window().contains(now)) {
                    continue;
                }
                Instant last = t.lastSent.get(c.id());
                if (last == null) {
                    if (c.escalation() && !t.openSince.plus(c.escalateAfter()).isAfter(now)) {
                        t.lastSent.put(c.id(), now);
                        t.lastKind.put(c.id(), "escalation");
                        out.add(new Decision(c, "escalation", i));
                    }
                } else if (!c.type().equals("pagerduty") && !last.plus(c.repeatInterval()).isAfter(now)) {
                    t.lastSent.put(c.id(), now);
                    t.lastKind.put(c.id(), "reminder");
                    out.add(new Decision(c, "reminder", i));
                }
            }
        }
        for (Iterator<Map.Entry<String, Track>> it = tracks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Track> e = it.next();
            Track t = e.getValue();
            Instant last = t.closedAt != null ? t.closedAt : t.touched;
            // Closed (or gone from the incident view) for a day: nothing more will be sent about it.
            if (!activeIds.contains(e.getKey()) && last != null && last.plus(FORGET_CLOSED_AFTER).isBefore(now)) {
                it.remove();
            }
        }
        return out;
    }
}
