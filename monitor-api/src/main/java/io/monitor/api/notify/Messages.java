package io.monitor.api.notify;

import io.monitor.api.incidents.Incident;
import io.monitor.core.model.Severity;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The words of a notification, shared by the Slack, Teams, PagerDuty and e-mail renderings. Pure. */
final class Messages {
    static final int MAX_SAMPLES = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Messages() {
    }

    /** "What happened", e.g. "New incident" or "Acknowledged by jana". */
    static String headline(Delivery d) {
        Incident i = d.incident();
        return switch (d.kind()) {
            case "opened" -> "New incident";
            case "escalated" -> "Incident escalated to " + i.severity().name().toLowerCase();
            case "reopened" -> "Incident reopened";
            case "snooze_expired" -> "Snooze ended, incident needs attention";
            case "reminder" -> "Still open, nobody has acknowledged it";
            case "escalation" -> "Unacknowledged incident escalated to on-call";
            case "acknowledged" -> "Acknowledged" + (i.acknowledgedBy() == null ? "" : " by " + i.acknowledgedBy());
            case "resolved" -> "Resolved";
            case "false_alarm" -> "Marked as a false alarm";
            default -> d.kind();
        };
    }

    /** "Acme Bahn: New incident". */
    static String title(Delivery d) {
        return d.brandName() + ": " + headline(d);
    }

    static String summary(Incident i) {
        return i.summary() == null || i.summary().isBlank() ? "Rule " + i.rule() + " fired" : i.summary();
    }

    static String emoji(Delivery d) {
        if (!d.incident().active()) {
            return ":white_check_mark:";
        }
        return d.incident().severity() == Severity.CRITICAL ? ":red_circle:"
                : d.incident().severity() == Severity.WARNING ? ":large_orange_circle:" : ":large_blue_circle:";
    }

    /** The numbers worth a glance, in reading order: label to value. */
    static Map<String, String> facts(Incident i) {
        Map<String, String> a = i.annotations();
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Severity", i.severity().name());
        f.put("State", i.state());
        if (a.get("observed") != null) {
            f.put("Negative posts", a.get("observed") + (a.get("window") == null ? "" : " in " + a.get("window")));
        }
        if (a.get("baseline") != null) {
            f.put("Usual", a.get("baseline") + (a.get("factor") == null ? "" : " (" + a.get("factor") + "x)"));
        }
        f.put("Rule", i.rule());
        f.put("Started", TIME.format(i.startsAt()));
        return f;
    }

    /** Up to {@link #MAX_SAMPLES} sample posts from the {@code sample1..n} annotations. */
    static List<String> samples(Incident i) {
        List<String> out = new ArrayList<>();
        for (int n = 1; out.size() < MAX_SAMPLES && n <= 20; n++) {
            String s = i.annotations().get("sample" + n);
            if (s != null && !s.isBlank()) {
                out.add(abbreviate(s, 280));
            }
        }
        return out;
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
