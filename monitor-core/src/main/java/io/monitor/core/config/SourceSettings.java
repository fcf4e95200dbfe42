package io.monitor.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One configured connector.
 *
 * @param id           unique id (names its cursor and metrics), e.g. {@code mastodon-social}
 * @param type         connector type: bluesky, mastodon, x, reddit, hackernews, rss, youtube, meta, file, push
 * @param enabled      whether it runs
 * @param baseUrl      the platform endpoint; configurable so tests point at local servers
 * @param pollInterval time between polls for polling connectors
 * @param credentialEnv name of the environment variable holding the token or secret (never the secret itself)
 * @param brands       ids of the brands this source fetches for (default: all)
 * @param options      connector-specific options (feed URLs, hashtags, video ids, ...)
 */
public record SourceSettings(String id, String type, Boolean enabled, String baseUrl, Duration pollInterval,
                             String credentialEnv, List<String> brands, Map<String, Object> options) {
    public SourceSettings {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        pollInterval = pollInterval == null ? Duration.ofSeconds(60) : pollInterval;
        brands = brands == null ? List.of() : List.copyOf(brands);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    void validate(String key) {
        Check.notBlank(id, key + ".id");
        Check.notBlank(type, key + ".type");
        Check.positive(pollInterval, key + ".pollInterval");
    }
}
