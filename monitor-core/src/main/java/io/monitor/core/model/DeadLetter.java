package io.monitor.core.model;

import java.time.Instant;

/**
 * A record that could not be processed, with the reason, so that nothing is dropped silently.
 *
 * @param sourceTopic where it came from (or the connector/endpoint name for edge input)
 * @param partition   source partition, -1 if not from Kafka
 * @param offset      source offset, -1 if not from Kafka
 * @param key         the original key as text (UTF-8, lossy for binary keys), may be null
 * @param value       the original value as text, truncated to {@link #MAX_VALUE_CHARS}
 * @param reason      what was wrong and what to fix
 * @param stage       which component rejected it
 * @param at          when
 */
public record DeadLetter(String sourceTopic, int partition, long offset, String key, String value, String reason,
                         String stage, Instant at) {
    public static final int MAX_VALUE_CHARS = 64 * 1024;

    public DeadLetter {
        if (value != null && value.length() > MAX_VALUE_CHARS) {
            value = value.substring(0, MAX_VALUE_CHARS) + "...[truncated]";
        }
    }
}
