package io.monitor.ingest.mastodon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.json.Json;
import io.monitor.ingest.testing.ReplayServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replays {@code GET /api/v1/timelines/tag/:hashtag} with Mastodon's paging: with {@code min_id} the {@code limit}
 * statuses right after it, otherwise the newest {@code limit}; always newest first. Statuses are the recorded one and
 * derived copies; every tag serves the statuses added for it.
 */
final class MastodonReplay implements ReplayServer.Handler {
    /** The real recorded status (id 103270115826048975, by Gargron, 322930 followers). */
    static final ObjectNode STATUS = load();

    final Map<String, List<ObjectNode>> byTag = new ConcurrentHashMap<>();
    volatile Map<String, String> headers = Map.of();

    private static ObjectNode load() {
        try (InputStream in = MastodonReplay.class.getClassLoader()
                .getResourceAsStream("fixtures/mastodon/status_entity_docs_example.json")) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** DERIVED from the real status: same payload, another id, creation time and content. */
    static ObjectNode derived(String id, Instant createdAt, String contentHtml) {
        ObjectNode s = STATUS.deepCopy();
        s.put("id", id);
        s.put("created_at", createdAt.toString());
        s.put("url", "https://mastodon.social/@Gargron/" + id);
        s.put("content", contentHtml);
        return s;
    }

    void add(String tag, ObjectNode status) {
        byTag.computeIfAbsent(tag, t -> new CopyOnWriteArrayList<>()).add(status);
    }

    @Override
    public ReplayServer.Reply handle(URI uri) {
        String path = uri.getPath();
        String prefix = "/api/v1/timelines/tag/";
        if (!path.startsWith(prefix)) {
            return new ReplayServer.Reply(404, Map.of(), "{\"error\":\"Record not found\"}");
        }
        String tag = path.substring(prefix.length());
        Map<String, String> q = ReplayServer.query(uri);
        int limit = Integer.parseInt(q.getOrDefault("limit", "20"));
        Comparator<ObjectNode> byId = Comparator.comparing(s -> new BigInteger(s.path("id").asText()));
        List<ObjectNode> all = byTag.getOrDefault(tag, List.of());
        List<ObjectNode> page;
        if (q.containsKey("min_id")) {
            BigInteger min = new BigInteger(q.get("min_id"));
            page = all.stream().filter(s -> new BigInteger(s.path("id").asText()).compareTo(min) > 0).sorted(byId)
                    .limit(limit).sorted(byId.reversed()).toList();
        } else {
            page = all.stream().sorted(byId.reversed()).limit(limit).toList();
        }
        ArrayNode arr = Json.MAPPER.createArrayNode();
        page.forEach(arr::add);
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.put("Content-Type", "application/json");
        return new ReplayServer.Reply(200, h, arr.toString());
    }
}
