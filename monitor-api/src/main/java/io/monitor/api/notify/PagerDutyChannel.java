package io.monitor.api.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.json.Json;
import io.monitor.core.model.Severity;
import java.net.URI;
import java.util.List;

/**
 * PagerDuty Events API v2 ({@code type: pagerduty}; {@code urlEnv} names the variable holding the integration's
 * routing key; {@code options.url} overrides {@value #DEFAULT_URL}, e.g. for a local stand-in or an EU account).
 *
 * <p>News, reminders and escalations {@code trigger}, acknowledgements {@code acknowledge}, resolutions and false
 * alarms {@code resolve}; {@code dedup_key} is the incident's fingerprint, so PagerDuty folds every event of one
 * incident into one PagerDuty incident. Severity: CRITICAL → critical, WARNING → warning, INFO → info.
 */
public final class PagerDutyChannel extends JsonPostChannel {
    public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";
    private final String routingKey;
    private final Messages texts;

    public PagerDutyChannel(String id, URI url, String routingKey) {
        this(id, url, routingKey, Messages.ENGLISH);
    }

    /** @param texts the language and time zone of the summary and details */
    public PagerDutyChannel(String id, URI url, String routingKey, Messages texts) {
        super(id, url, "PagerDuty event");
        this.routingKey = routingKey;
        this.texts = texts;
    }

    @Override
    JsonNode document(Delivery d) {
        return render(d, routingKey, texts);
    }

    static String action(String kind) {
        return switch (kind) {
            case "acknowledged" -> "acknowledge";
            case "resolved", "false_alarm" -> "resolve";
            default -> "trigger";
        };
    }

    static String severity(Severity s) {
        return switch (s) {
            case CRITICAL -> "critical";
            case WARNING -> "warning";
            case INFO -> "info";
        };
    }

    public static ObjectNode render(Delivery d, String routingKey) {
        return render(d, routingKey, Messages.ENGLISH);
    }

    /**
     * The Events API v2 event; the summary, {@code custom_details} labels and link text in the language of {@code m}
     * (the keys {@code what} and {@code sample_posts} stay, for rules that read them).
     */
    public static ObjectNode render(Delivery d, String routingKey, Messages m) {
        var i = d.incident();
        String action = action(d.kind());
        ObjectNode e = Json.MAPPER.createObjectNode().put("routing_key", routingKey).put("event_action", action)
                .put("dedup_key", i.fingerprint());
        if (!action.equals("trigger")) {
            return e;
        }
        ObjectNode p = e.putObject("payload")
                .put("summary", Messages.abbreviate(d.brandName() + ": " + m.summary(d), 1024))
                .put("source", "monitor/" + i.brand())
                .put("severity", severity(i.severity()))
                .put("timestamp", i.startsAt().toString())
                .put("component", i.brand())
                .put("group", i.rule())
                .put("class", d.kind());
        ObjectNode details = p.putObject("custom_details");
        details.put("what", m.headline(d));
        m.facts(i).forEach(details::put);
        List<String> samples = Messages.samples(i);
        if (!samples.isEmpty()) {
            samples.forEach(details.putArray("sample_posts")::add);
        }
        e.putArray("links").addObject().put("href", d.dashboardUrl()).put("text", m.openInDashboard());
        e.put("client", "monitor").put("client_url", d.dashboardUrl());
        return e;
    }
}
