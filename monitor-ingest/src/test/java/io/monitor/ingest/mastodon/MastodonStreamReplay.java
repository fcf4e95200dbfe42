package io.monitor.ingest.mastodon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.monitor.ingest.testing.LiveStreams;
import io.monitor.ingest.testing.ReplayServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A local Mastodon for the streaming connector: the REST tag timelines of {@link MastodonReplay} and
 * {@code /api/v1/streaming/hashtag?tag=} as Server-Sent Events, writing per hashtag what the test queues in
 * {@link #live(String)}: raw SSE text (e.g. the recorded {@link #RECORDED_SSE}), {@link #DROP} (end the
 * connection) or {@link #STALL} (stay open and silent). Queued HTTP statuses answer the next stream connections.
 */
final class MastodonStreamReplay implements AutoCloseable {
    static final String DROP = LiveStreams.DROP;
    static final String STALL = LiveStreams.STALL;
    /** REAL recorded SSE events (heartbeat, update, delete, status.update) from Mastodon's documentation. */
    static final String RECORDED_SSE = load();

    final MastodonReplay rest = new MastodonReplay();
    final List<URI> restRequests = new CopyOnWriteArrayList<>();
    final List<URI> streamRequests = new CopyOnWriteArrayList<>();
    private final Map<String, BlockingQueue<String>> live = new ConcurrentHashMap<>();
    private final Deque<Integer> faults = new ArrayDeque<>();
    private final HttpServer server;
    private volatile boolean closed;

    MastodonStreamReplay() {
        server = LiveStreams.server("mastodon-replay", Map.of("/api/v1/timelines/tag/", this::timeline,
                "/api/v1/streaming/hashtag", this::stream));
    }

    private static String load() {
        try (InputStream in = MastodonStreamReplay.class.getClassLoader()
                .getResourceAsStream("fixtures/mastodon/streaming_public_docs_example.sse")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SSE update event carrying {@code status}. */
    static String update(ObjectNode status) {
        return "event: update\ndata: " + status + "\n\n";
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    BlockingQueue<String> live(String tag) {
        return live.computeIfAbsent(tag, t -> new LinkedBlockingQueue<>());
    }

    /**
     * What only the {@code n}-th stream connection of {@code tag} (1-based) writes, instead of {@link #live(String)};
     * a connection its client already closed cannot take it.
     */
    BlockingQueue<String> live(String tag, int n) {
        return live.computeIfAbsent(tag + "#" + n, t -> new LinkedBlockingQueue<>());
    }

    synchronized void fault(int status) {
        faults.add(status);
    }

    private static boolean authorized(HttpExchange ex) throws IOException {
        if (!"Bearer user-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"error\":\"The access token is invalid\"}");
            return false;
        }
        return true;
    }

    private void timeline(HttpExchange ex) throws IOException {
        restRequests.add(ex.getRequestURI());
        ReplayServer.Reply r = rest.handle(ex.getRequestURI());
        r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        send(ex, r.status(), r.body());
    }

    private void stream(HttpExchange ex) throws IOException {
        if (!authorized(ex)) {
            return;
        }
        streamRequests.add(ex.getRequestURI());
        String tag = ReplayServer.query(ex.getRequestURI()).get("tag");
        int n = (int) streamRequests.stream().filter(u -> tag.equals(ReplayServer.query(u).get("tag"))).count();
        Integer fault;
        synchronized (this) {
            fault = faults.poll();
        }
        if (fault != null) {
            send(ex, fault, "{\"error\":\"simulated\"}");
            return;
        }
        BlockingQueue<String> items = live.containsKey(tag + "#" + n) ? live(tag, n) : live(tag);
        LiveStreams.pump(ex, "text/event-stream", items, item -> item, () -> closed, false);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
    }
}
