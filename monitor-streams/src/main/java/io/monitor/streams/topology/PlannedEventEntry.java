package io.monitor.streams.topology;

import io.monitor.core.json.JsonSerde;
import io.monitor.core.model.PlannedEvent;

/**
 * One record of {@code monitor.planned-events} as the global store keeps it: the event when it was valid, or the
 * raw text and the reason when it was not (kept under {@link #deadKey} so a broken update does not replace the
 * last good version of the event, and so the dead letter can be published from the main topology, which a
 * global store's processor cannot write to).
 *
 * @param event     the event, or null for a rejected record
 * @param key       the record key (event id)
 * @param raw       the record value as text (rejected records only)
 * @param reason    why it was rejected (null for a valid event)
 * @param partition source partition
 * @param offset    source offset
 * @param timestamp record timestamp (ms)
 */
public record PlannedEventEntry(PlannedEvent event, String key, String raw, String reason, int partition, long offset,
                                long timestamp) {
    public static final JsonSerde<PlannedEventEntry> SERDE = JsonSerde.of(PlannedEventEntry.class);
    /** Prefix of the keys of rejected records (an event id cannot contain it: it starts with a NUL character). */
    static final String DEAD_PREFIX = "\u0000dead:";

    static String deadKey(String key) {
        return DEAD_PREFIX + key;
    }

    boolean rejected() {
        return reason != null;
    }
}
