package io.monitor.ingest;

import io.monitor.core.model.Mention;
import java.time.Instant;
import java.util.List;

/**
 * The result of one {@link Connector#fetch}: what to publish, what to dead-letter, where to resume.
 *
 * @param mentions  mapped mentions, oldest first
 * @param rejected  payloads that could not be mapped, each with the reason (they go to the dead-letter topic)
 * @param cursor    the cursor to store once everything above is acknowledged; null keeps the previous one
 * @param more      true when the platform has more right now (a full page): fetch again without waiting
 * @param notBefore do not fetch again before this instant (a rate limit was reached), may be null
 */
public record Batch(List<Mention> mentions, List<Rejected> rejected, String cursor, boolean more, Instant notBefore) {

    public Batch {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }

    public static Batch of(List<Mention> mentions, String cursor) {
        return new Batch(mentions, List.of(), cursor, false, null);
    }

    /** A payload that could not be mapped to a mention. */
    public record Rejected(String raw, String reason) {
    }
}
