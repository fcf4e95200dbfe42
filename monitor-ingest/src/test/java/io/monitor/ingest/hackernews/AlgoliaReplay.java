package io.monitor.ingest.hackernews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.json.Json;
import io.monitor.ingest.testing.ReplayServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replays Algolia's {@code search_by_date} over the recorded hits: filters {@code created_at_i>=}, sorts newest first,
 * pages by {@code hitsPerPage}/{@code page} and answers with the recorded envelope's fields.
 */
final class AlgoliaReplay implements ReplayServer.Handler {
    /** The real recorded story hit (objectID 7919424, created_at_i 1403235346). */
    static final ObjectNode STORY = load("fixtures/hackernews/algolia_search_by_date_story_query-apple_2014.json");
    /** The real recorded comment hit (objectID 7919418, created_at_i 1403235154). */
    static final ObjectNode COMMENT = load("fixtures/hackernews/algolia_search_by_date_comment_query-apple_2014.json");

    final List<ObjectNode> hits = new CopyOnWriteArrayList<>();

    private static ObjectNode load(String resource) {
        try (InputStream in = AlgoliaReplay.class.getClassLoader().getResourceAsStream(resource)) {
            return (ObjectNode) Json.MAPPER.readTree(in).path("response").path("hits").get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** DERIVED from a real hit: the same payload with another objectID and creation time. */
    static ObjectNode derived(ObjectNode real, String objectId, long createdAtI) {
        ObjectNode copy = real.deepCopy();
        copy.put("objectID", objectId);
        copy.put("created_at_i", createdAtI);
        copy.put("created_at", Instant.ofEpochSecond(createdAtI).toString());
        return copy;
    }

    @Override
    public ReplayServer.Reply handle(URI uri) {
        Map<String, String> q = ReplayServer.query(uri);
        long from = Long.parseLong(q.getOrDefault("numericFilters", "created_at_i>=0").replace("created_at_i>=", ""));
        int perPage = Integer.parseInt(q.getOrDefault("hitsPerPage", "20"));
        int page = Integer.parseInt(q.getOrDefault("page", "0"));
        List<ObjectNode> matching = hits.stream().filter(h -> h.path("created_at_i").asLong() >= from)
                .sorted(Comparator.comparingLong((JsonNode h) -> h.path("created_at_i").asLong()).reversed())
                .toList();
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode arr = body.putArray("hits");
        matching.stream().skip((long) page * perPage).limit(perPage).forEach(arr::add);
        body.put("nbHits", matching.size());
        body.put("page", page);
        body.put("nbPages", Math.max(1, (matching.size() + perPage - 1) / perPage));
        body.put("hitsPerPage", perPage);
        body.put("query", q.getOrDefault("query", ""));
        return ReplayServer.Reply.json(body.toString());
    }
}
