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
    private final Messages texts;

    public TeamsChannel(String id, URI url) {
        this(id, url, Messages.ENGLISH);
    }

    /** @param texts the language and time zone of the messages ({@code options.language}, {@code options.timezone}) */
    public TeamsChannel(String id, URI url, Messages texts) {
        super(id, url, "Teams message");
        this.texts = texts;
    }

    @Override
    JsonNode document(Delivery d) {
        return render(d, texts);
    }

    /** The Adaptive Card message, in English. */
    public static ObjectNode render(Delivery d) {
        return render(d, Messages.ENGLISH);
    }

    /** The Adaptive Card message in the language and time zone of {@code m}. */
    public static ObjectNode render(Delivery d, Messages m) {
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
                .put("text", m.title(d));
        body.addObject().put("type", "TextBlock").put("wrap", true).put("text", m.summary(d));
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        m.facts(i).forEach((k, v) -> facts.addObject().put("title", k).put("value", v));
        List<String> samples = Messages.samples(i);
        if (!samples.isEmpty()) {
            body.addObject().put("type", "TextBlock").put("weight", "Bolder").put("text", m.samplesLabel());
            for (String s : samples) {
                body.addObject().put("type", "TextBlock").put("wrap", true).put("isSubtle", true).put("text", s);
            }
        }
        card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", m.openInDashboard())
                .put("url", d.dashboardUrl());
        return msg;
    }
}
