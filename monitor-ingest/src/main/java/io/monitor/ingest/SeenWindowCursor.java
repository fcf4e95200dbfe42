package io.monitor.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The resume position of a connector whose source can deliver an item again or late: the newest position seen
 * ({@code t}, in the connector's unit: epoch seconds or microseconds) and the ids seen within an overlap window
 * before it, as JSON {@code {"t": newest, "<seenField>": {id: position}}}. A fetch asks again from
 * {@code t - window} and drops the ids already seen; ids older than the window are forgotten.
 *
 * <p>Used by the Hacker News, Reddit and YouTube connectors ({@code seenField = "seen"}) and Bluesky
 * ({@code "recent"}); the field name is part of the stored cursor format and must stay as it is per connector.
 */
public record SeenWindowCursor(long t, Map<String, Long> seen) {

    public SeenWindowCursor {
        seen = new TreeMap<>(seen);
    }

    /** The stored cursor {@code text}, or on the very first run (null) an empty cursor at {@code start}. */
    public static SeenWindowCursor resume(String text, String seenField, String platform, long start) {
        return text == null ? new SeenWindowCursor(start, Map.of()) : parse(text, seenField, platform);
    }

    /**
     * Reads {@code text}; throws IllegalArgumentException naming {@code platform} when it is not a JSON object with a
     * numeric {@code t} (a cursor of another connector or version would otherwise read as "from the beginning").
     */
    public static SeenWindowCursor parse(String text, String seenField, String platform) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable " + platform + " cursor (not JSON): " + abbreviate(text), e);
        }
        if (n == null || !n.isObject() || !n.path("t").canConvertToLong()
                || !(n.path(seenField).isMissingNode() || n.path(seenField).isObject())) {
            throw new IllegalArgumentException("unreadable " + platform + " cursor (expected {\"t\": number, \""
                    + seenField + "\": {...}}): " + abbreviate(text));
        }
        return read(n, seenField);
    }

    /** {@code text} cut to 200 characters for log lines and messages (cursors can be large). */
    public static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length()
                + " chars)";
    }

    /** Reads the cursor held by {@code n} (a missing {@code t} reads as 0, a missing map as empty). */
    public static SeenWindowCursor read(JsonNode n, String seenField) {
        Map<String, Long> seen = new TreeMap<>();
        n.path(seenField).fields().forEachRemaining(e -> seen.put(e.getKey(), e.getValue().asLong()));
        return new SeenWindowCursor(n.path("t").asLong(), seen);
    }

    /** The cursor as a JSON object. */
    public ObjectNode toJson(String seenField) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("t", t);
        ObjectNode s = n.putObject(seenField);
        seen.forEach(s::put);
        return n;
    }

    public String format(String seenField) {
        return toJson(seenField).toString();
    }

    /** A cursor at {@code newest} that keeps only the ids of {@code seen} at or after {@code newest - window}. */
    public static SeenWindowCursor within(long newest, Map<String, Long> seen, long window) {
        long keepFrom = newest - window;
        Map<String, Long> kept = new TreeMap<>(seen);
        kept.values().removeIf(v -> v < keepFrom);
        return new SeenWindowCursor(newest, kept);
    }

    /**
     * Maps the {@code candidates} (by id, in fetch order) that this cursor has not seen yet and returns the next
     * cursor. A mapped item counts as seen at its {@code createdAt} (epoch seconds) and moves {@code t} forward; an
     * item the mapper refuses with an IllegalArgumentException goes to {@code rejected} (payload and reason) and
     * counts as seen at {@code rejectedAt} so it is not rejected again on the next fetch.
     */
    public <T> SeenWindowCursor admit(Map<String, T> candidates, Function<T, Mention> map,
            ToLongFunction<T> rejectedAt, long window, List<Mention> mentions, List<Batch.Rejected> rejected) {
        Map<String, Long> next = new TreeMap<>(seen);
        long newest = t;
        for (Map.Entry<String, T> e : candidates.entrySet()) {
            if (next.containsKey(e.getKey())) {
                continue;
            }
            try {
                Mention m = map.apply(e.getValue());
                mentions.add(m);
                long created = m.createdAt().getEpochSecond();
                next.put(e.getKey(), created);
                newest = Math.max(newest, created);
            } catch (IllegalArgumentException ex) {
                rejected.add(new Batch.Rejected(e.getValue().toString(), ex.getMessage()));
                next.put(e.getKey(), rejectedAt.applyAsLong(e.getValue()));
            }
        }
        return within(newest, next, window);
    }
}
