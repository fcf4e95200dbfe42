package io.monitor.core.model;

import io.monitor.core.config.ChannelSettings;
import java.time.Instant;

/**
 * A notification channel (with its routing options) as changed at run time through the API, on the compacted topic
 * {@code Topics.CHANNELS} (key = channel id). The channels of the config file are the starting set; a record here
 * replaces the channel of the same id, and one with {@code deleted = true} removes it. Secrets never travel here:
 * the channel names the environment variable that holds its URL or routing key ({@code urlEnv}).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param channel       the channel's settings (null when deleted)
 * @param id            channel id (the key)
 * @param deleted       true when the channel was removed
 * @param updatedBy     who changed it (never a secret)
 * @param updatedAt     when
 */
public record ChannelDefinition(int schemaVersion, String id, ChannelSettings channel, boolean deleted, String updatedBy,
                                Instant updatedAt) {
    public static final int SCHEMA_VERSION = 1;

    public static ChannelDefinition of(ChannelSettings c, String by, Instant at) {
        return new ChannelDefinition(SCHEMA_VERSION, c.id(), c, false, by, at);
    }

    public static ChannelDefinition deletion(String id, String by, Instant at) {
        return new ChannelDefinition(SCHEMA_VERSION, id, null, true, by, at);
    }
}
