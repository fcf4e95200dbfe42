package io.monitor.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.json.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reading and writing the JSON-object cursors of the polling connectors. A cursor that is not what its connector
 * wrote is an IllegalArgumentException naming the platform and quoting the text, so the log says which stored
 * cursor to delete; a null cursor (the very first run) reads as empty.
 */
public final class JsonCursors {
    private JsonCursors() {
    }

    /** {@code text} as a JSON object (Feed, YouTube: per-target state objects). */
    public static ObjectNode parseObject(String text, String platform) {
        if (text == null) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalArgumentException("unreadable " + platform + " cursor: " + text, e);
        }
    }

    /** {@code text} as a flat map of string positions (Mastodon: per hashtag, X: per query), sorted by key. */
    public static Map<String, String> parseStrings(String text, String platform) {
        Map<String, String> m = new TreeMap<>();
        if (text == null) {
            return m;
        }
        try {
            Json.MAPPER.readTree(text).fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable " + platform + " cursor: " + text, e);
        }
        return m;
    }

    /** The flat map as a JSON object with sorted keys (stable cursor text for equal positions). */
    public static String formatStrings(Map<String, String> cursor) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        new TreeMap<>(cursor).forEach(n::put);
        return n.toString();
    }
}
