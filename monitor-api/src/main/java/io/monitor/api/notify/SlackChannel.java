package io.monitor.api.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.json.Json;
import java.net.URI;
import java.util.List;

/**
 * A Slack incoming webhook ({@code type: slack}; {@code urlEnv} names the variable holding the
 * {@code https://hooks.slack.com/services/...} URL). The message is Block Kit: a header with the brand and what
 * happened, the summary, the numbers as fields, up to three sample posts as quotes, a button to the incident in the
 * dashboard, and a context line; {@code text} is the plain fallback for notifications.
 */
public final class SlackChannel extends JsonPostChannel {
    private final Messages texts;

    public SlackChannel(String id, URI url) {
        this(id, url, Messages.ENGLISH);
    }

    /** @param texts the language and time zone of the messages ({@code options.language}, {@code options.timezone}) */
    public SlackChannel(String id, URI url, Messages texts) {
        super(id, url, "Slack message");
        this.texts = texts;
    }

    @Override
    JsonNode document(Delivery d) {
        return render(d, texts);
    }

    /** The Block Kit message, in English. */
    public static ObjectNode render(Delivery d) {
        return render(d, Messages.ENGLISH);
    }

    /** The Block Kit message in the language and time zone of {@code m}. */
    public static ObjectNode render(Delivery d, Messages m) {
        var i = d.incident();
        ObjectNode msg = Json.MAPPER.createObjectNode();
        msg.put("text", "[" + m.severityTag(i.severity()) + "] " + m.title(d) + " - " + m.summary(d));
        ArrayNode blocks = msg.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("emoji", true)
                .put("text", Messages.abbreviate(Messages.emoji(d) + " " + m.title(d), 150));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", Messages.abbreviate("*" + escape(m.summary(d)) + "*", 3000));
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        m.facts(i).forEach((k, v) -> fields.addObject().put("type", "mrkdwn")
                .put("text", "*" + k + "*\n" + escape(v)));
        List<String> samples = Messages.samples(i);
        if (!samples.isEmpty()) {
            StringBuilder sb = new StringBuilder("*" + m.samplesLabel() + "*");
            for (String s : samples) {
                sb.append("\n>").append(escape(s).replace("\n", " "));
            }
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", sb.toString());
        }
        ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject()
                .put("type", "button").put("url", d.dashboardUrl());
        button.putObject("text").put("type", "plain_text").put("text", m.openInDashboard());
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "monitor · " + m.incidentWord() + " " + i.fingerprint());
        return msg;
    }

    /** Slack's mrkdwn needs only these three escaped; post text must not become links or mentions. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
