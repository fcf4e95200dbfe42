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

    public PagerDutyChannel(String id, URI url, String routingKey) {
        super(id, url, "PagerDuty event");
        this.routingKey = routingKey;
    }

    @Override
    JsonNode document(Delivery d) {
        return render(d, routingKey);
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
        var i = d.incident();
        String action = action(d.kind());
        ObjectNode e = Json.MAPPER.createObjectNode().put("routing_key", routingKey).put("event_action", action)
                .put("dedup_key", i.fingerprint());
        if (!action.equals("trigger")) {
            return e;
        }
        ObjectNode p = e.putObject("payload")
                .put("summary", Messages.abbreviate(d.brandName() + ": " + Messages.summary(i), 1024))
                .put("source", "monitor/" + i.brand())
                .put("severity", severity(i.severity()))
                .put("timestamp", i.startsAt().toString())
                .put("component", i.brand())
                .put("group", i.rule())
                .put("class", d.kind());
        ObjectNode details = p.putObject("custom_details");
        details.put("what", Messages.headline(d));
        Messages.facts(i).forEach(details::put);
        List<String> samples = Messages.samples(i);
        if (!samples.isEmpty()) {
            samples.forEach(details.putArray("sample_posts")::add);
        }
        e.putArray("links").addObject().put("href", d.dashboardUrl()).put("text", "Open in dashboard");
        e.put("client", "monitor").put("client_url", d.dashboardUrl());
        return e;
    }
}
