package io.monitor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Mentions written by others (HTTP push, replay files) as validated {@link Mention}s. */
public final class MentionRecords {
    private MentionRecords() {
    }

    /**
     * Reads one JSON mention: platform, id and createdAt are required, text at most 100 000 characters,
     * {@code schemaVersion} 1 or absent. Language, sentiment and matched brands are dropped (the topology decides
     * them); {@code ingestedAt} becomes {@code now}.
     *
     * @throws IllegalArgumentException saying what to fix
     */
    public static Mention fromJson(JsonNode n, Instant now) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        ObjectNode o = ((ObjectNode) n).deepCopy();
        int version = o.path("schemaVersion").asInt(0);
        if (version != 0 && version != Mention.SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion " + version + " is not supported (use "
                    + Mention.SCHEMA_VERSION + ")");
        }
        o.put("schemaVersion", Mention.SCHEMA_VERSION);
        for (String f : List.of("platform", "id", "createdAt")) {
            if (!o.path(f).isTextual() || o.path(f).asText().isBlank()) {
                throw new IllegalArgumentException(f + " is required (a non-empty string"
                        + (f.equals("createdAt") ? " in ISO-8601, e.g. 2026-03-02T08:41:00Z)" : ")"));
            }
        }
        Mention m;
        try {
            m = Json.MAPPER.treeToValue(o, Mention.class);
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("not a valid mention: " + msg);
        }
        String problem = Topics.checkMention(m);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new Mention(m.schemaVersion(), m.platform(), m.id(), m.url(), m.author(), m.text(), null,
                m.createdAt(), now, m.engagement(), m.replyTo(), m.quoteOf(), m.repostOf(), List.of(), null);
    }
}
