package io.monitor.ingest.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.monitor.core.json.Json;
import io.monitor.ingest.testing.LiveStreams;
import io.monitor.ingest.testing.ReplayServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local X API v2 for the stream connector's tests, on the JDK's HTTP server:
 *
 * <ul>
 *   <li>{@code /2/tweets/search/recent}: the REAL recorded recent-search response (tweepy cassette, 10 posts),
 *       filtered by {@code since_id}, newest first, as X does;</li>
 *   <li>{@code /2/tweets/search/stream/rules}: GET lists {@link #rules}, POST applies add/delete and records the
 *       body;</li>
 *   <li>{@code /2/tweets/search/stream}: first any queued HTTP faults (one per connection), then a chunked stream
 *       writing what the test puts into {@link #live}: a JSON line, {@link #KEEP_ALIVE} (a bare CRLF),
 *       {@link #DROP} (end the connection) or {@link #STALL} (write nothing more, keep the connection open).</li>
 * </ul>
 *
 * Stream messages are the recorded posts in the documented envelope {@code {"data":..., "matching_rules":[...]}}
 * (the envelope's shape from X's filtered-stream docs; no recorded stream capture is available).
 */
final class XApiReplay implements AutoCloseable {
    static final String KEEP_ALIVE = "";
    static final String DROP = LiveStreams.DROP;
    static final String STALL = LiveStreams.STALL;
    /** The recorded posts, oldest first. */
    static final List<JsonNode> TWEETS = load();

    final BlockingQueue<String> live = new LinkedBlockingQueue<>();
    private final Map<Integer, BlockingQueue<String>> perConnection = new java.util.concurrent.ConcurrentHashMap<>();
    final List<ObjectNode> rules = new CopyOnWriteArrayList<>();
    final List<String> rulePosts = new CopyOnWriteArrayList<>();
    final List<URI> searches = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    /** When each stream connection came, on {@link #clock} (tests set their fake clock). */
    final List<java.time.Instant> connectionTimes = new CopyOnWriteArrayList<>();
    volatile java.util.function.Supplier<java.time.Instant> clock = java.time.Instant::now;
    private final Deque<Integer> faults = new ArrayDeque<>();
    private final HttpServer server;
    private final AtomicInteger ruleIds = new AtomicInteger(100);
    private volatile boolean closed;

    XApiReplay() {
        server = LiveStreams.server("x-replay", Map.of("/2/tweets/search/recent", this::recent,
                "/2/tweets/search/stream/rules", this::rules, "/2/tweets/search/stream", this::stream));
    }

    static List<JsonNode> load() {
        try (InputStream in = XApiReplay.class.getClassLoader()
                .getResourceAsStream("fixtures/x/recent_search_tweepy_cassette_2022-10-07.json")) {
            List<JsonNode> out = new ArrayList<>();
            Json.MAPPER.readTree(in).path("data").forEach(out::add);
            out.sort((a, b) -> id(a).compareTo(id(b)));
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BigInteger id(JsonNode t) {
        return new BigInteger(t.path("id").asText());
    }

    static String id(int i) {
        return TWEETS.get(i).path("id").asText();
    }

    /** Recorded post {@code i} (0 = oldest) as a stream message matching rule {@code tag}. */
    static String message(int i, String tag) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.set("data", TWEETS.get(i));
        m.putArray("matching_rules").addObject().put("id", "1578000000000000000").put("tag", tag);
        return m.toString();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * What only the {@code n}-th stream connection (1-based, counting faults) writes, instead of {@link #live}; a
     * connection its client already closed cannot take it.
     */
    BlockingQueue<String> live(int n) {
        return perConnection.computeIfAbsent(n, k -> new LinkedBlockingQueue<>());
    }

    /** The next stream connection answers {@code status} instead of streaming. */
    synchronized void fault(int status) {
        faults.add(status);
    }

    void addRule(String id, String value, String tag) {
        ObjectNode r = Json.MAPPER.createObjectNode().put("id", id).put("value", value);
        if (tag != null) {
            r.put("tag", tag);
        }
        rules.add(r);
    }

    private static boolean authorized(HttpExchange ex) throws IOException {
        if (!"Bearer test-bearer".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}");
            return false;
        }
        return true;
    }

    private void recent(HttpExchange ex) throws IOException {
        if (!authorized(ex)) {
            return;
        }
        searches.add(ex.getRequestURI());
        BigInteger since = new BigInteger(ReplayServer.query(ex.getRequestURI()).getOrDefault("since_id", "0"));
        List<JsonNode> page = TWEETS.stream().filter(t -> id(t).compareTo(since) > 0)
                .sorted((a, b) -> id(b).compareTo(id(a))).toList();
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (!page.isEmpty()) {
            ArrayNode data = body.putArray("data");
            page.forEach(data::add);
        }
        ObjectNode meta = body.putObject("meta").put("result_count", page.size());
        if (!page.isEmpty()) {
            meta.put("newest_id", page.get(0).path("id").asText()).put("oldest_id",
                    page.get(page.size() - 1).path("id").asText());
        }
        send(ex, 200, body.toString());
    }

    private void rules(HttpExchange ex) throws IOException {
        if (!authorized(ex)) {
            return;
        }
        if (ex.getRequestMethod().equals("POST")) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            rulePosts.add(body);
            JsonNode req = Json.MAPPER.readTree(body);
            ObjectNode answer = Json.MAPPER.createObjectNode();
            ArrayNode data = answer.putArray("data");
            for (JsonNode a : req.path("add")) {
                ObjectNode r = Json.MAPPER.createObjectNode().put("id", String.valueOf(ruleIds.incrementAndGet()))
                        .put("value", a.path("value").asText()).put("tag", a.path("tag").asText());
                rules.add(r);
                data.add(r);
            }
            List<String> deleted = new ArrayList<>();
            req.path("delete").path("ids").forEach(i -> deleted.add(i.asText()));
            rules.removeIf(r -> deleted.contains(r.path("id").asText()));
            answer.putObject("meta").put("sent", "2022-10-07T22:45:00.000Z");
            send(ex, 200, answer.toString());
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        if (!rules.isEmpty()) {
            ArrayNode data = answer.putArray("data");
            rules.forEach(data::add);
        }
        answer.putObject("meta").put("sent", "2022-10-07T22:45:00.000Z").put("result_count", rules.size());
        send(ex, 200, answer.toString());
    }

    private void stream(HttpExchange ex) throws IOException {
        if (!authorized(ex)) {
            return;
        }
        connectionTimes.add(clock.get());
        int n = connections.incrementAndGet();
        BlockingQueue<String> items = perConnection.containsKey(n) ? live(n) : live;
        Integer fault;
        synchronized (this) {
            fault = faults.poll();
        }
        if (fault != null) {
            send(ex, fault, "{\"title\":\"simulated\",\"status\":" + fault + "}");
            return;
        }
        LiveStreams.pump(ex, "application/json", items, item -> item + "\r\n", () -> closed, true);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
    }
}
