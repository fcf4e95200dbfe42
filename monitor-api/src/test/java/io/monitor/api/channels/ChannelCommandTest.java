package io.monitor.api.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.http.ApiException;
import io.monitor.core.config.ChannelSettings;
import io.monitor.core.json.Json;
import io.monitor.core.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The channel body rules: the notifier's start-up checks as 400 problems naming the field. */
class ChannelCommandTest {
    private static final Set<String> BRANDS = Set.of("acme-bahn", "fizzcola");
    private static final Function<String, String> ENV = Map.of(
            "CM_HOOK_URL", "https://hooks.example.com/monitor",
            "CM_HOOK_SECRET", "a-signing-secret-of-some-length",
            "PLAIN_HTTP_URL", "http://hooks.example.com/monitor")::get;

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    private static String webhook(String options) {
        return "{\"id\":\"oncall\",\"type\":\"webhook\",\"urlEnv\":\"CM_HOOK_URL\",\"options\":{\"secretEnv\":"
                + "\"CM_HOOK_SECRET\"" + (options.isEmpty() ? "" : "," + options) + "}}";
    }

    private static ApiException rejected(String body) {
        try {
            ChannelCommand.create(json(body), BRANDS, ENV);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not rejected: " + body);
    }

    private static String field(String body) {
        return String.valueOf(rejected(body).extensions().get("field"));
    }

    @Test
    void aValidWebhookWithRoutingOptionsBecomesTheSettingsTheNotifierRuns() throws Exception {
        ChannelSettings c = ChannelCommand.create(json(webhook("\"brands\":[\"acme-bahn\"],\"hours\":\"08:00-20:00\","
                + "\"days\":\"mon-fri\",\"timezone\":\"Europe/Berlin\",\"repeatInterval\":\"30m\",\"maxAttempts\":5")
                .replace("}}", "},\"minSeverity\":\"critical\"}")), BRANDS, ENV);
        assertThat(c.id()).isEqualTo("oncall");
        assertThat(c.type()).isEqualTo("webhook");
        assertThat(c.urlEnv()).isEqualTo("CM_HOOK_URL");
        assertThat(c.minSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(c.options()).containsEntry("brands", List.of("acme-bahn")).containsEntry("hours", "08:00-20:00")
                .containsEntry("maxAttempts", 5);
    }

    @Test
    void eachBadOptionIsA400NamingItsField() {
        assertThat(field(webhook("\"hours\":\"25:00-26:00\""))).isEqualTo("options.hours");
        assertThat(field(webhook("\"days\":\"someday\""))).isEqualTo("options.days");
        assertThat(field(webhook("\"timezone\":\"Mars/Olympus\""))).isEqualTo("options.timezone");
        assertThat(field(webhook("\"repeatInterval\":\"0s\""))).isEqualTo("options.repeatInterval");
        assertThat(field(webhook("\"escalateAfter\":\"10m\""))).isEqualTo("options.escalateAfter");
        assertThat(field(webhook("\"brands\":[\"no-such-brand\"]"))).isEqualTo("options.brands");
        assertThat(field(webhook("\"colour\":\"red\""))).isEqualTo("options.colour");
        assertThat(field(webhook("\"hours\":{\"from\":8}"))).isEqualTo("options.hours");
        assertThat(rejected(webhook("\"hours\":\"25:00-26:00\"")).getMessage()).contains("options.hours");
        // language is a slack/teams/pagerduty/email option, not one of a webhook
        assertThat(field(webhook("\"language\":\"de\""))).isEqualTo("options.language");
        assertThat(field("{\"id\":\"cm\",\"type\":\"slack\",\"urlEnv\":\"CM_HOOK_URL\",\"options\":{\"language\":\"fr\"}}"))
                .isEqualTo("options.language");
    }

    @Test
    void aChannelThatCouldNeverDeliverFromThisProcessIsA400() {
        assertThat(field(webhook("").replace("CM_HOOK_URL", "NOT_SET"))).isEqualTo("urlEnv");
        assertThat(rejected(webhook("").replace("CM_HOOK_URL", "NOT_SET")).getMessage()).contains("NOT_SET")
                .contains("not set");
        assertThat(field(webhook("").replace("CM_HOOK_SECRET", "NOT_SET"))).isEqualTo("options.secretEnv");
        // plain http only to this machine; the message must not echo the URL's path (it may hold a token)
        ApiException http = rejected(webhook("").replace("CM_HOOK_URL", "PLAIN_HTTP_URL"));
        assertThat(http.extensions().get("field")).isEqualTo("urlEnv");
        assertThat(http.getMessage()).doesNotContain("/monitor");
        assertThat(field("{\"id\":\"cm\",\"type\":\"slack\"}")).isEqualTo("urlEnv"); // required but for email
    }

    @Test
    void theShapeOfTheBodyIsCheckedFieldByField() {
        assertThat(field("{\"id\":\"Oncall!\",\"type\":\"webhook\"}")).isEqualTo("id");
        assertThat(field("{\"id\":\"oncall\",\"type\":\"fax\",\"urlEnv\":\"CM_HOOK_URL\"}")).isEqualTo("type");
        assertThat(field("{\"id\":\"oncall\",\"type\":\"slack\",\"urlEnv\":\"https://hooks.slack.com/x\"}"))
                .isEqualTo("urlEnv");
        assertThat(field(webhook("").replace("}}", "},\"minSeverity\":\"loud\"}"))).isEqualTo("minSeverity");
        assertThat(field(webhook("").replace("}}", "},\"url\":\"https://x\"}"))).isEqualTo("url");
        assertThat(field("{\"id\":\"oncall\",\"type\":\"webhook\",\"options\":[1]}")).isEqualTo("options");
    }

    @Test
    void anEmailChannelNeedsNoUrlEnvAndAChangeTakesItsIdFromThePath() throws Exception {
        ChannelSettings c = ChannelCommand.change("cm-mail", json("{\"type\":\"email\",\"options\":{\"host\":"
                + "\"smtp.example.com\",\"from\":\"monitor@example.com\",\"to\":[\"cm@example.com\"],\"port\":587,"
                + "\"starttls\":true}}"), BRANDS, ENV);
        assertThat(c.id()).isEqualTo("cm-mail");
        assertThat(c.urlEnv()).isNull();
        assertThat(c.options()).containsEntry("starttls", true).containsEntry("port", 587);
        ApiException withId = null;
        try {
            ChannelCommand.change("cm-mail", json("{\"id\":\"other\",\"type\":\"email\"}"), BRANDS, ENV);
        } catch (ApiException e) {
            withId = e;
        }
        assertThat(withId).isNotNull();
        assertThat(withId.extensions().get("field")).isEqualTo("id");
    }
}
