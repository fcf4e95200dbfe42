package io.monitor.api.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.json.Json;
import java.net.URI;
import java.util.List;

/**
 * A Microsoft Teams incoming webhook or Workflows webhook ({@code type: teams}; {@code urlEnv} names the variable
 * holding the URL). The message is an Adaptive Card (1.4) in the {@code message} attachment format: title with brand
 * and what happened, summary, the numbers as a FactSet, up to three sample posts, and an "Open in dashboard" action.
 */
public final class TeamsChannel extends JsonPostChannel {
    public TeamsChannel(String id, URI url) {
        super(id, url, "Teams message");
    }

    @Override
    JsonNode document(Delivery d) {
        return render(d);
    }

    public static ObjectNode render(Delivery d) {
        var i = d.incident();
        ObjectNode msg = Json.MAPPER.createObjectNode().put("type", "message");
        ObjectNode att = msg.putArray("attachments").addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive");
        att.putNull("contentUrl");
        ObjectNode card = att.putObject("content")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard").put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("size", "Large").put("weight", "Bolder").put("wrap", true)
                .put("color", !i.active() ? "Good" : i.severity() == io.monitor.core.model.Severity.CRITICAL
                        ? "Attention" : "Warning")
                .put("text", Messages.title(d));
        body.addObject().put("type", "TextBlock").put("wrap", true).put("text", Messages.summary(i));
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        Messages.facts(i).forEach((k, v) -> facts.addObject().put("title", k).put("value", v));
        List<String> samples = Messages.samples(i);
        if (!samples.isEmpty()) {
            body.addObject().put("type", "TextBlock").put("weight", "Bolder").put("text", "Sample posts");
            for (String s : samples) {
                body.addObject().put("type", "TextBlock").put("wrap", true).put("isSubtle", true).put("text", s);
            }
        }
        card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Open in dashboard")
                .put("url", d.dashboardUrl());
        return msg;
    }
}
