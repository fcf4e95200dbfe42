package io.monitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.json.Json;
import io.monitor.core.model.Severity;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slack, Teams and PagerDuty against a local HTTP server standing in for the real endpoint: the exact payload each
 * one receives, and how their answers sort into delivered / retry / rejected.
 */
@Timeout(30)
class ChannelPayloadTest {
    private LocalEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private LocalEndpoint endpoint(Integer... statuses) throws Exception {
        endpoint = new LocalEndpoint(statuses);
        return endpoint;
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void slackGetsABlockKitMessageWithBrandNewsNumbersThreeSamplesAndTheDashboardLink() throws Exception {
        LocalEndpoint slack = endpoint();
        slack.answer = "ok";
        Attempt a = new SlackChannel("cm", URI.create(slack.url("/services/T0/B0/x"))).send(Deliveries.opened());

        assertThat(a.outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
        assertThat(slack.received).hasSize(1);
        assertThat(slack.received.get(0).path()).isEqualTo("/services/T0/B0/x");
        assertThat(slack.received.get(0).headers().get("content-type")).isEqualTo("application/json");
        assertThat(slack.received.get(0).json()).isEqualTo(json("""
                {"text": "[CRITICAL] Acme Bahn: New incident - Negative mentions of Acme Bahn spiked: 42 in 5m, 7.0x the usual 6.0",
                 "blocks": [
                  {"type": "header", "text": {"type": "plain_text", "emoji": true,
                     "text": ":red_circle: Acme Bahn: New incident"}},
                  {"type": "section", "text": {"type": "mrkdwn",
                     "text": "*Negative mentions of Acme Bahn spiked: 42 in 5m, 7.0x the usual 6.0*"}},
                  {"type": "section", "fields": [
                     {"type": "mrkdwn", "text": "*Severity*\\nCRITICAL"},
                     {"type": "mrkdwn", "text": "*State*\\nopen"},
                     {"type": "mrkdwn", "text": "*Negative posts*\\n42 in 5m"},
                     {"type": "mrkdwn", "text": "*Usual*\\n6.0 (7.0x)"},
                     {"type": "mrkdwn", "text": "*Rule*\\nNegative volume spike"},
                     {"type": "mrkdwn", "text": "*Started*\\n2026-11-24 09:00 UTC"}]},
                  {"type": "section", "text": {"type": "mrkdwn", "text":
                     "*Sample posts*\\n>Zug fällt schon wieder aus &lt;3 &amp; kein Ersatz — https://x.example/1\\n>ICE 574 steht seit 2h — https://x.example/2\\n>Danke für nichts @acmebahn — https://x.example/3"}},
                  {"type": "actions", "elements": [{"type": "button", "url": "https://monitor.example.com/#incident=fp-42",
                     "text": {"type": "plain_text", "text": "Open in dashboard"}}]},
                  {"type": "context", "elements": [{"type": "mrkdwn", "text": "monitor · incident fp-42"}]}
                 ]}
                """));
    }

    @Test
    void slackSaysWhoAcknowledgedAndTurnsGreenWhenResolved() throws Exception {
        JsonNode ack = SlackChannel.render(Deliveries.delivery("acknowledged",
                Deliveries.incident(Severity.CRITICAL, "acknowledged", "jana")));
        assertThat(ack.at("/blocks/0/text/text").asText()).isEqualTo(":red_circle: Acme Bahn: Acknowledged by jana");
        JsonNode resolved = SlackChannel.render(Deliveries.delivery("resolved",
                Deliveries.incident(Severity.CRITICAL, "resolved", null)));
        assertThat(resolved.at("/blocks/0/text/text").asText()).isEqualTo(":white_check_mark: Acme Bahn: Resolved");
    }

    @Test
    void slackErrorsSortIntoRetryAndRejectedWithSlacksReason() throws Exception {
        LocalEndpoint slack = endpoint(429, 400, 503);
        slack.answer = "invalid_blocks";
        SlackChannel ch = new SlackChannel("cm", URI.create(slack.url("/hook")));
        assertThat(ch.send(Deliveries.opened())).isEqualTo(Attempt.retry("HTTP 429: invalid_blocks"));
        assertThat(ch.send(Deliveries.opened())).isEqualTo(Attempt.rejected("HTTP 400: invalid_blocks"));
        assertThat(ch.send(Deliveries.opened()).outcome()).isEqualTo(Attempt.Outcome.RETRY);
    }

    @Test
    void teamsGetsAnAdaptiveCardInTheMessageAttachmentFormat() throws Exception {
        LocalEndpoint teams = endpoint(202);
        Attempt a = new TeamsChannel("cm", URI.create(teams.url("/webhookb2/x"))).send(Deliveries.opened());

        assertThat(a).isEqualTo(Attempt.delivered("HTTP 202"));
        assertThat(teams.received.get(0).json()).isEqualTo(json("""
                {"type": "message",
                 "attachments": [{
                   "contentType": "application/vnd.microsoft.card.adaptive",
                   "contentUrl": null,
                   "content": {
                     "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                     "type": "AdaptiveCard", "version": "1.4",
                     "body": [
                       {"type": "TextBlock", "size": "Large", "weight": "Bolder", "wrap": true, "color": "Attention",
                        "text": "Acme Bahn: New incident"},
                       {"type": "TextBlock", "wrap": true,
                        "text": "Negative mentions of Acme Bahn spiked: 42 in 5m, 7.0x the usual 6.0"},
                       {"type": "FactSet", "facts": [
                         {"title": "Severity", "value": "CRITICAL"}, {"title": "State", "value": "open"},
                         {"title": "Negative posts", "value": "42 in 5m"}, {"title": "Usual", "value": "6.0 (7.0x)"},
                         {"title": "Rule", "value": "Negative volume spike"}, {"title": "Started", "value": "2026-11-24 09:00 UTC"}]},
                       {"type": "TextBlock", "weight": "Bolder", "text": "Sample posts"},
                       {"type": "TextBlock", "wrap": true, "isSubtle": true,
                        "text": "Zug fällt schon wieder aus <3 & kein Ersatz — https://x.example/1"},
                       {"type": "TextBlock", "wrap": true, "isSubtle": true,
                        "text": "ICE 574 steht seit 2h — https://x.example/2"},
                       {"type": "TextBlock", "wrap": true, "isSubtle": true,
                        "text": "Danke für nichts @acmebahn — https://x.example/3"}],
                     "actions": [{"type": "Action.OpenUrl", "title": "Open in dashboard",
                                  "url": "https://monitor.example.com/#incident=fp-42"}]}}]}
                """));
    }

    @Test
    void pagerDutyTriggersWithTheFingerprintAsDedupKeyAndMappedSeverity() throws Exception {
        LocalEndpoint pd = endpoint(202);
        pd.answer = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"fp-42\"}";
        PagerDutyChannel ch = new PagerDutyChannel("oncall", URI.create(pd.url("/v2/enqueue")), "R0UTINGKEY");
        Attempt a = ch.send(Deliveries.delivery("escalation", Deliveries.incident(Severity.WARNING, "open", null)));

        assertThat(a.outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
        assertThat(pd.received.get(0).path()).isEqualTo("/v2/enqueue");
        assertThat(pd.received.get(0).json()).isEqualTo(json("""
                {"routing_key": "R0UTINGKEY", "event_action": "trigger", "dedup_key": "fp-42",
                 "payload": {
                   "summary": "Acme Bahn: Negative mentions of Acme Bahn spiked: 42 in 5m, 7.0x the usual 6.0",
                   "source": "monitor/acme-bahn", "severity": "warning", "timestamp": "2026-11-24T09:00:00Z",
                   "component": "acme-bahn", "group": "negative_volume_spike", "class": "escalation",
                   "custom_details": {
                     "what": "Unacknowledged incident escalated to on-call",
                     "Severity": "WARNING", "State": "open", "Negative posts": "42 in 5m", "Usual": "6.0 (7.0x)",
                     "Rule": "Negative volume spike", "Started": "2026-11-24 09:00 UTC",
                     "sample_posts": ["Zug fällt schon wieder aus <3 & kein Ersatz — https://x.example/1",
                                      "ICE 574 steht seit 2h — https://x.example/2",
                                      "Danke für nichts @acmebahn — https://x.example/3"]}},
                 "links": [{"href": "https://monitor.example.com/#incident=fp-42", "text": "Open in dashboard"}],
                 "client": "monitor", "client_url": "https://monitor.example.com/#incident=fp-42"}
                """));
    }

    @Test
    void pagerDutyAcknowledgesAndResolvesByDedupKey() throws Exception {
        LocalEndpoint pd = endpoint(202, 202, 202);
        PagerDutyChannel ch = new PagerDutyChannel("oncall", URI.create(pd.url("/v2/enqueue")), "R0UTINGKEY");
        ch.send(Deliveries.delivery("acknowledged", Deliveries.incident(Severity.CRITICAL, "acknowledged", "jana")));
        ch.send(Deliveries.delivery("resolved", Deliveries.incident(Severity.CRITICAL, "resolved", null)));
        ch.send(Deliveries.delivery("false_alarm", Deliveries.incident(Severity.CRITICAL, "false_alarm", null)));

        assertThat(pd.received.get(0).json()).isEqualTo(json(
                "{\"routing_key\":\"R0UTINGKEY\",\"event_action\":\"acknowledge\",\"dedup_key\":\"fp-42\"}"));
        assertThat(pd.received.get(1).json()).isEqualTo(json(
                "{\"routing_key\":\"R0UTINGKEY\",\"event_action\":\"resolve\",\"dedup_key\":\"fp-42\"}"));
        assertThat(pd.received.get(2).json()).isEqualTo(pd.received.get(1).json());
        assertThat(PagerDutyChannel.severity(Severity.CRITICAL)).isEqualTo("critical");
        assertThat(PagerDutyChannel.severity(Severity.INFO)).isEqualTo("info");
    }

    @Test
    void pagerDutyRateLimitIsRetriedAndAnInvalidEventRejected() throws Exception {
        LocalEndpoint pd = endpoint(429, 400);
        pd.answer = "{\"status\":\"invalid event\",\"errors\":[\"'routing_key' is invalid\"]}";
        PagerDutyChannel ch = new PagerDutyChannel("oncall", URI.create(pd.url("/v2/enqueue")), "bad");
        assertThat(ch.send(Deliveries.opened()).outcome()).isEqualTo(Attempt.Outcome.RETRY);
        Attempt rejected = ch.send(Deliveries.opened());
        assertThat(rejected.outcome()).isEqualTo(Attempt.Outcome.REJECTED);
        assertThat(rejected.detail()).contains("'routing_key' is invalid").doesNotContain("bad\"");
    }
}
