package io.monitor.core.config;

import io.monitor.core.model.Severity;
import java.util.Map;

/**
 * A notification channel.
 *
 * @param id          unique id, named in routing rules and metrics
 * @param type        slack, teams, webhook, pagerduty or email
 * @param urlEnv      environment variable holding the webhook URL / routing key (secrets stay out of the file)
 * @param minSeverity lowest severity sent to this channel
 * @param options     channel-specific options
 */
public record ChannelSettings(String id, String type, String urlEnv, Severity minSeverity, Map<String, Object> options) {
    public ChannelSettings {
        minSeverity = minSeverity == null ? Severity.WARNING : minSeverity;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public void validate(String key) {
        Check.notBlank(id, key + ".id");
        Check.notBlank(type, key + ".type");
        Check.require(java.util.Set.of("slack", "teams", "webhook", "pagerduty", "email").contains(type), key + ".type",
                "'" + type + "' is not one of slack, teams, webhook, pagerduty, email");
    }
}
