package io.monitor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.api.notify.ChannelRules;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.config.SettingsLoader;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration documented for OIDC with Keycloak and for German notifications goes through the real settings
 * loader and the channel rules, so the example a person copies works as written.
 */
class ConfigExampleTest {
    static final String EXAMPLE = """
            brands:
              - {id: acme-bahn, name: Acme Bahn, query: '"acme bahn" OR #acmebahn'}
            api:
              tokens:
                - {name: ops-bot, role: admin, tokenEnv: MONITOR_OPS_TOKEN}
              oidc:
                issuer: https://login.example.com/realms/acme
                audience: monitor-api
                rolesClaim: realm_access.roles
                roleMapping: {cm-team: viewer, cm-oncall: responder, monitor-admins: admin}
                clockSkew: 60s
            notifications:
              - id: cm-slack-de
                type: slack
                urlEnv: CM_SLACK_URL
                options: {language: de, timezone: Europe/Berlin, hours: "07:00-22:00"}
            """;

    @Test
    void theOidcAndGermanNotificationExampleLoads() {
        MonitorSettings s = SettingsLoader.parse(EXAMPLE, Map.of());
        assertThat(s.api().authEnabled()).isTrue();
        assertThat(s.api().oidc().issuer()).isEqualTo("https://login.example.com/realms/acme");
        assertThat(s.api().oidc().jwksUrl()).as("discovered from the issuer").isNull();
        assertThat(s.api().oidc().rolesClaim()).isEqualTo("realm_access.roles");
        assertThat(s.api().oidc().roleMapping()).containsEntry("cm-oncall", "responder").hasSize(3);
        assertThat(s.api().oidc().clockSkew()).isEqualTo(Duration.ofSeconds(60));
        ChannelRules slack = ChannelRules.parseAll(s).get(0);
        assertThat(slack.messages().language()).isEqualTo("de");
        assertThat(slack.messages().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void anUnknownLanguageStopsTheStartNamingTheKey() {
        MonitorSettings s = SettingsLoader.parse(EXAMPLE.replace("language: de", "language: fr"), Map.of());
        assertThatThrownBy(() -> ChannelRules.parseAll(s)).isInstanceOf(SettingsException.class)
                .hasMessage("notifications[0].options.language: 'fr' is not a supported language; use en or de "
                        + "(default en)");
    }
}
