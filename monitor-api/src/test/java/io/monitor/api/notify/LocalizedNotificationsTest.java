package io.monitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.json.Json;
import io.monitor.core.model.Alert;
import io.monitor.core.model.AlertRules;
import io.monitor.core.model.Severity;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * German notifications ({@code options.language: de}) and the English words for every rule, as the receivers get
 * them: Slack, Teams and PagerDuty against a local HTTP stand-in, e-mail against a local SMTP server. Golden texts:
 * each expected message is written out in full.
 */
@Timeout(30)
class LocalizedNotificationsTest {
    private static final Messages GERMAN_BERLIN = Messages.of("de", ZoneId.of("Europe/Berlin"));
    private static final Messages ENGLISH_UTC = Messages.ENGLISH;
    private LocalEndpoint endpoint;
    private LocalSmtpServer smtp;

    @AfterEach
    void stop() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    private LocalEndpoint endpoint() throws Exception {
        endpoint = new LocalEndpoint();
        endpoint.status = 200;
        return endpoint;
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void slackInGermanWithGermanNumbersAndBerlinTime() throws Exception {
        LocalEndpoint slack = endpoint();
        Attempt a = new SlackChannel("cm", URI.create(slack.url("/services/T0/B0/x")), GERMAN_BERLIN)
                .send(Deliveries.opened());
        assertThat(a.outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
        assertThat(slack.received.get(0).json()).isEqualTo(json("""
                {"text": "[KRITISCH] Acme Bahn: Neuer Vorfall - Negative Erwähnungen von Acme Bahn stark gestiegen: 42 in 5 Min., 7,0-mal so viele wie üblich (6,0)",
                 "blocks": [
                  {"type": "header", "text": {"type": "plain_text", "emoji": true,
                     "text": ":red_circle: Acme Bahn: Neuer Vorfall"}},
                  {"type": "section", "text": {"type": "mrkdwn",
                     "text": "*Negative Erwähnungen von Acme Bahn stark gestiegen: 42 in 5 Min., 7,0-mal so viele wie üblich (6,0)*"}},
                  {"type": "section", "fields": [
                     {"type": "mrkdwn", "text": "*Schweregrad*\\nkritisch"},
                     {"type": "mrkdwn", "text": "*Status*\\noffen"},
                     {"type": "mrkdwn", "text": "*Negative Beiträge*\\n42 in 5 Min."},
                     {"type": "mrkdwn", "text": "*Üblich*\\n6,0 (7,0-fach)"},
                     {"type": "mrkdwn", "text": "*Regel*\\nAnstieg negativer Erwähnungen"},
                     {"type": "mrkdwn", "text": "*Beginn*\\n24.11.2026 10:00 MEZ"}]},
                  {"type": "section", "text": {"type": "mrkdwn", "text":
                     "*Beispielbeiträge*\\n>Zug fällt schon wieder aus &lt;3 &amp; kein Ersatz — https://x.example/1\\n>ICE 574 steht seit 2h — https://x.example/2\\n>Danke für nichts @acmebahn — https://x.example/3"}},
                  {"type": "actions", "elements": [{"type": "button", "url": "https://monitor.example.com/#incident=fp-42",
                     "text": {"type": "plain_text", "text": "Im Dashboard öffnen"}}]},
                  {"type": "context", "elements": [{"type": "mrkdwn", "text": "monitor · Vorfall fp-42"}]}
                 ]}
                """));
    }

    @Test
    void teamsInGerman() throws Exception {
        LocalEndpoint teams = endpoint();
        new TeamsChannel("cm", URI.create(teams.url("/webhookb2/x")), GERMAN_BERLIN).send(Deliveries.delivery(
                "acknowledged", Deliveries.incident(Severity.WARNING, "acknowledged", "jana")));
        assertThat(teams.received.get(0).json()).isEqualTo(json("""
                {"type": "message",
                 "attachments": [{
                   "contentType": "application/vnd.microsoft.card.adaptive",
                   "contentUrl": null,
                   "content": {
                     "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                     "type": "AdaptiveCard", "version": "1.4",
                     "body": [
                       {"type": "TextBlock", "size": "Large", "weight": "Bolder", "wrap": true, "color": "Warning",
                        "text": "Acme Bahn: Bestätigt von jana"},
                       {"type": "TextBlock", "wrap": true,
                        "text": "Negative Erwähnungen von Acme Bahn stark gestiegen: 42 in 5 Min., 7,0-mal so viele wie üblich (6,0)"},
                       {"type": "FactSet", "facts": [
                         {"title": "Schweregrad", "value": "Warnung"}, {"title": "Status", "value": "bestätigt"},
                         {"title": "Negative Beiträge", "value": "42 in 5 Min."}, {"title": "Üblich", "value": "6,0 (7,0-fach)"},
                         {"title": "Regel", "value": "Anstieg negativer Erwähnungen"},
                         {"title": "Beginn", "value": "24.11.2026 10:00 MEZ"}]},
                       {"type": "TextBlock", "weight": "Bolder", "text": "Beispielbeiträge"},
                       {"type": "TextBlock", "wrap": true, "isSubtle": true,
                        "text": "Zug fällt schon wieder aus <3 & kein Ersatz — https://x.example/1"},
                       {"type": "TextBlock", "wrap": true, "isSubtle": true,
                        "text": "ICE 574 steht seit 2h — https://x.example/2"},
                       {"type": "TextBlock", "wrap": true, "isSubtle": true,
                        "text": "Danke für nichts @acmebahn — https://x.example/3"}],
                     "actions": [{"type": "Action.OpenUrl", "title": "Im Dashboard öffnen",
                                  "url": "https://monitor.example.com/#incident=fp-42"}]}}]}
                """));
    }

    @Test
    void pagerDutyInGerman() throws Exception {
        LocalEndpoint pd = endpoint();
        pd.status = 202;
        new PagerDutyChannel("oncall", URI.create(pd.url("/v2/enqueue")), "R0UTINGKEY", GERMAN_BERLIN)
                .send(Deliveries.delivery("escalation", Deliveries.incident(Severity.WARNING, "open", null)));
        assertThat(pd.received.get(0).json()).isEqualTo(json("""
                {"routing_key": "R0UTINGKEY", "event_action": "trigger", "dedup_key": "fp-42",
                 "payload": {
                   "summary": "Acme Bahn: Negative Erwähnungen von Acme Bahn stark gestiegen: 42 in 5 Min., 7,0-mal so viele wie üblich (6,0)",
                   "source": "monitor/acme-bahn", "severity": "warning", "timestamp": "2026-11-24T09:00:00Z",
                   "component": "acme-bahn", "group": "negative_volume_spike", "class": "escalation",
                   "custom_details": {
                     "what": "Unbestätigter Vorfall an die Rufbereitschaft eskaliert",
                     "Schweregrad": "Warnung", "Status": "offen", "Negative Beiträge": "42 in 5 Min.",
                     "Üblich": "6,0 (7,0-fach)", "Regel": "Anstieg negativer Erwähnungen",
                     "Beginn": "24.11.2026 10:00 MEZ",
                     "sample_posts": ["Zug fällt schon wieder aus <3 & kein Ersatz — https://x.example/1",
                                      "ICE 574 steht seit 2h — https://x.example/2",
                                      "Danke für nichts @acmebahn — https://x.example/3"]}},
                 "links": [{"href": "https://monitor.example.com/#incident=fp-42", "text": "Im Dashboard öffnen"}],
                 "client": "monitor", "client_url": "https://monitor.example.com/#incident=fp-42"}
                """));
    }

    private String mail(Messages texts, Delivery d) throws Exception {
        smtp = new LocalSmtpServer();
        EmailChannel ch = new EmailChannel("mail", "127.0.0.1", smtp.port(), false, "monitor@example.com",
                List.of("cm@example.com"), "[monitor]", Clock.fixed(Deliveries.STARTS, ZoneOffset.UTC), texts);
        assertThat(ch.send(d).outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
        String data = smtp.messages.get(0).data();
        String[] parts = data.split("\r\n\r\n", 2);
        String subject = parts[0].lines().filter(l -> l.startsWith("Subject: ")).findFirst().orElseThrow()
                .substring(9);
        if (subject.startsWith("=?UTF-8?B?")) {
            subject = new String(Base64.getDecoder().decode(subject.substring(10, subject.length() - 2)),
                    StandardCharsets.UTF_8);
        }
        return subject + "\r\n\r\n" + new String(Base64.getMimeDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }

    @Test
    void emailInGermanForANegativeShareShiftThatResolved() throws Exception {
        Delivery d = Deliveries.delivery("resolved", Deliveries.incident(AlertRules.NEGATIVE_SHARE_SHIFT,
                Severity.WARNING, "resolved", null, Alert.State.RESOLVED));
        assertThat(mail(GERMAN_BERLIN, d)).isEqualTo(String.join("\r\n",
                "[monitor] [WARNUNG] Acme Bahn: Behoben",
                "",
                "Acme Bahn: Behoben",
                "",
                "Entwarnung: Anteil negativer Erwähnungen von Acme Bahn gestiegen: 12,5 % statt üblich 4,2 % "
                        + "(2.480 Erwähnungen in 15 Min.)",
                "",
                "Schweregrad: Warnung",
                "Status: behoben",
                "Negativanteil: 12,5 % von 2.480 in 15 Min.",
                "Üblich: 4,2 %",
                "Regel: Höherer Anteil negativer Erwähnungen",
                "Beginn: 24.11.2026 10:00 MEZ",
                "",
                "Beispielbeiträge:",
                "> Schon wieder kein Zug — https://x.example/9",
                "",
                "Im Dashboard öffnen: https://monitor.example.com/#incident=fp-negative_share_shift",
                ""));
    }

    @Test
    void emailInEnglishForAHighReachAuthorNamesTheRuleAndTheNumbers() throws Exception {
        Delivery d = Deliveries.delivery("opened", Deliveries.incident(AlertRules.HIGH_REACH_AUTHOR,
                Severity.CRITICAL, "open", null, Alert.State.FIRING));
        assertThat(mail(ENGLISH_UTC, d)).isEqualTo(String.join("\r\n",
                "[monitor] [CRITICAL] Acme Bahn: New incident",
                "",
                "Acme Bahn: New incident",
                "",
                "@tagesnews (1,843,002 followers on bluesky) posted negatively about Acme Bahn",
                "",
                "Severity: CRITICAL",
                "State: open",
                "Author: @tagesnews",
                "Followers: 1,843,002",
                "Platform: bluesky",
                "Rule: High-reach author",
                "Started: 2026-11-24 09:00 UTC",
                "",
                "Sample posts:",
                "> Schon wieder kein Zug — https://x.example/9",
                "",
                "Open in dashboard: https://monitor.example.com/#incident=fp-high_reach_author",
                ""));
    }

    @Test
    void everyRuleIsNamedAndSummarisedInBothLanguagesOverSlack() throws Exception {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put(AlertRules.NEGATIVE_VOLUME_SPIKE, List.of(
                "Negative mentions of Acme Bahn spiked: 1,234 in 5m, 14.3x the usual 86.3",
                "Negative Erwähnungen von Acme Bahn stark gestiegen: 1.234 in 5 Min., 14,3-mal so viele wie üblich "
                        + "(86,3)"));
        expected.put(AlertRules.NEGATIVE_SHARE_SHIFT, List.of(
                "Share of negative mentions of Acme Bahn rose: 12.5% instead of the usual 4.2% (2,480 mentions in 15m)",
                "Anteil negativer Erwähnungen von Acme Bahn gestiegen: 12,5 % statt üblich 4,2 % (2.480 Erwähnungen "
                        + "in 15 Min.)"));
        expected.put(AlertRules.SILENCE, List.of(
                "Unusually quiet about Acme Bahn: 3 mentions in 15m, 142.5 expected",
                "Ungewöhnlich still um Acme Bahn: 3 Erwähnungen in 15 Min., erwartet wären 142,5"));
        expected.put(AlertRules.INGEST_OUTAGE, List.of(
                "Ingest outage for Acme Bahn: no fresh data from bluesky, mastodon. The quiet is not a real signal.",
                "Datenerfassung für Acme Bahn gestört: keine aktuellen Daten von bluesky, mastodon. Die Ruhe ist kein "
                        + "echtes Signal."));
        expected.put(AlertRules.EMERGING_TERM, List.of(
                "\"#zugausfall\" is surging in negative mentions of Acme Bahn: 57 in 10m, usually 2.1",
                "Der Begriff „#zugausfall“ häuft sich in negativen Erwähnungen von Acme Bahn: 57 in 10 Min., üblich "
                        + "sind 2,1"));
        expected.put(AlertRules.COPY_PASTE_STORM, List.of(
                "Copy-paste storm about Acme Bahn: 312 near-identical negative posts from 287 authors in 1h",
                "Copy-Paste-Welle zu Acme Bahn: 312 fast gleiche negative Beiträge von 287 Accounts in 1 Std."));
        expected.put(AlertRules.HIGH_REACH_AUTHOR, List.of(
                "@tagesnews (1,843,002 followers on bluesky) posted negatively about Acme Bahn",
                "@tagesnews mit 1.843.002 Followern auf bluesky äußert sich negativ über Acme Bahn"));
        Map<String, List<String>> ruleNames = Map.of(
                AlertRules.NEGATIVE_VOLUME_SPIKE, List.of("Negative volume spike", "Anstieg negativer Erwähnungen"),
                AlertRules.NEGATIVE_SHARE_SHIFT, List.of("Negative share shift", "Höherer Anteil negativer Erwähnungen"),
                AlertRules.SILENCE, List.of("Unusual silence", "Ungewöhnliche Stille"),
                AlertRules.INGEST_OUTAGE, List.of("Ingest outage", "Ausfall der Datenerfassung"),
                AlertRules.EMERGING_TERM, List.of("Emerging term", "Aufkommender Begriff"),
                AlertRules.COPY_PASTE_STORM, List.of("Copy-paste storm", "Copy-Paste-Welle"),
                AlertRules.HIGH_REACH_AUTHOR, List.of("High-reach author", "Account mit großer Reichweite"));
        assertThat(expected.keySet()).as("every rule the detectors raise").containsExactlyElementsOf(AlertRules.ALL);

        LocalEndpoint slack = endpoint();
        SlackChannel en = new SlackChannel("en", URI.create(slack.url("/en")), ENGLISH_UTC);
        SlackChannel de = new SlackChannel("de", URI.create(slack.url("/de")), GERMAN_BERLIN);
        for (String rule : AlertRules.ALL) {
            Delivery d = Deliveries.delivery("opened", Deliveries.incident(rule, Severity.WARNING, "open", null,
                    Alert.State.FIRING));
            assertThat(en.send(d).outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
            assertThat(de.send(d).outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
        }
        for (int n = 0; n < AlertRules.ALL.size(); n++) {
            String rule = AlertRules.ALL.get(n);
            JsonNode enMsg = slack.received.get(2 * n).json();
            JsonNode deMsg = slack.received.get(2 * n + 1).json();
            assertThat(enMsg.get("text").asText()).as(rule)
                    .isEqualTo("[WARNING] Acme Bahn: New incident - " + expected.get(rule).get(0));
            assertThat(deMsg.get("text").asText()).as(rule)
                    .isEqualTo("[WARNUNG] Acme Bahn: Neuer Vorfall - " + expected.get(rule).get(1));
            assertThat(fields(enMsg)).as(rule).contains("*Rule*\n" + ruleNames.get(rule).get(0));
            assertThat(fields(deMsg)).as(rule).contains("*Regel*\n" + ruleNames.get(rule).get(1));
        }
    }

    private static List<String> fields(JsonNode slackMessage) {
        List<String> out = new java.util.ArrayList<>();
        slackMessage.at("/blocks/2/fields").forEach(f -> out.add(f.get("text").asText()));
        return out;
    }

    @Test
    void everyStateChangeHasGermanWords() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("opened", "Neuer Vorfall");
        expected.put("escalated", "Vorfall hochgestuft auf kritisch");
        expected.put("reopened", "Vorfall wieder geöffnet");
        expected.put("snooze_expired", "Zurückstellung abgelaufen, der Vorfall braucht Aufmerksamkeit");
        expected.put("reminder", "Weiterhin offen, noch von niemandem bestätigt");
        expected.put("escalation", "Unbestätigter Vorfall an die Rufbereitschaft eskaliert");
        expected.put("acknowledged", "Bestätigt von jürgen");
        expected.put("resolved", "Behoben");
        expected.put("false_alarm", "Als Fehlalarm markiert");
        expected.forEach((kind, words) -> assertThat(GERMAN_BERLIN.headline(Deliveries.delivery(kind,
                Deliveries.incident(Severity.CRITICAL, "open", "jürgen")))).as(kind).isEqualTo(words));
        assertThat(List.of("open", "acknowledged", "snoozed", "resolved", "false_alarm").stream()
                .map(GERMAN_BERLIN::state)).containsExactly("offen", "bestätigt", "zurückgestellt", "behoben",
                "Fehlalarm");
        assertThat(ENGLISH_UTC.headline(Deliveries.delivery("escalated",
                Deliveries.incident(Severity.CRITICAL, "open", null)))).isEqualTo("Incident escalated to critical");
    }

    @Test
    void numbersRoundHalfUpFromTheDecimalTextAndTimesFollowTheZoneAndSummerTime() {
        assertThat(GERMAN_BERLIN.decimal("12.45")).isEqualTo("12,5");
        assertThat(ENGLISH_UTC.decimal("12.45")).isEqualTo("12.5");
        assertThat(GERMAN_BERLIN.count("1234567")).isEqualTo("1.234.567");
        assertThat(GERMAN_BERLIN.percent("0.125")).isEqualTo("12,5 %");
        assertThat(GERMAN_BERLIN.percent("37.5")).as("already a percentage").isEqualTo("37,5 %");
        assertThat(ENGLISH_UTC.percent("0.125")).isEqualTo("12.5%");
        assertThat(GERMAN_BERLIN.count("n/a")).as("not a number: shown as it is").isEqualTo("n/a");
        assertThat(GERMAN_BERLIN.window("90s")).isEqualTo("90 Sek.");
        assertThat(GERMAN_BERLIN.window("2h")).isEqualTo("2 Std.");
        assertThat(GERMAN_BERLIN.window("1d")).isEqualTo("1 Tag");
        assertThat(GERMAN_BERLIN.time(java.time.Instant.parse("2026-07-24T09:00:00Z"))).isEqualTo("24.07.2026 11:00 MESZ");
        assertThat(Messages.of("en", ZoneId.of("Europe/Berlin")).time(Deliveries.STARTS))
                .isEqualTo("2026-11-24 10:00 CET");
    }

    @Test
    void withoutTheNumbersItNeedsTheSummaryNamesTheRule() {
        Delivery d = Deliveries.delivery("opened", new io.monitor.api.incidents.Incident("fp-x", "acme-bahn",
                AlertRules.EMERGING_TERM, Severity.WARNING, null, null, Map.of(), Map.of(), Deliveries.STARTS, null,
                Deliveries.STARTS, Alert.State.FIRING, "open", null, null, null, Deliveries.STARTS));
        assertThat(GERMAN_BERLIN.summary(d)).isEqualTo("Regel „Aufkommender Begriff“ hat für Acme Bahn ausgelöst");
        assertThat(ENGLISH_UTC.summary(d)).isEqualTo("Rule \"Emerging term\" fired for Acme Bahn");
    }
}
