package io.monitor.ingest.bluesky;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.BrandFilter;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.SourceConnector;
import io.monitor.ingest.SeenWindowCursor;
import io.monitor.ingest.SourceContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bluesky posts from a Jetstream WebSocket ({@code /subscribe?wantedCollections=app.bsky.feed.post}), filtered
 * locally with a {@link BrandFilter} (case-insensitive contains of the brands' names, hashtags, handles and query
 * terms; the exact query is applied downstream). No credential needed.
 *
 * <p>The socket is read in the background into a bounded queue (the socket is paused while the queue is full);
 * each {@link #fetch} drains what arrived within {@code options.fetchWindow} (default 1 s) and returns it with
 * {@code more = true}, so the runner fetches again at once.
 *
 * <p>Resume: the cursor is {@code {"t": highest time_us seen, "recent": {"did/rkey": time_us}}} with the published
 * posts of the last {@code options.rewind} (default 5 s). Jetstream events arrive slightly out of order, so a
 * (re)connect asks for {@code cursor = t - rewind} and drops posts already in {@code recent}. When the runner hands
 * back a cursor other than the one last returned (the batch was not acknowledged), the connector reconnects from it.
 * A failed connect, a dropped connection or {@code options.idleTimeout} (default 30 s) without any event rotates to
 * the next host of {@code options.hosts} (default: the four public Jetstream hosts; {@code baseUrl} replaces them).
 */
public final class BlueskyConnector extends SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(BlueskyConnector.class);
    public static final String PLATFORM = "bluesky";
    private static final String RECENT = "recent";
    static final List<String> PUBLIC_HOSTS = List.of("wss://jetstream1.us-east.bsky.network",
            "wss://jetstream2.us-east.bsky.network", "wss://jetstream1.us-west.bsky.network",
            "wss://jetstream2.us-west.bsky.network");
    private static final int QUEUE = 20_000;

    private final HttpClient client;
    private final BrandFilter filter;
    private final List<String> hosts;
    private final Duration rewind;
    private final Duration fetchWindow;
    private final Duration idleTimeout;
    private final int maxBatch;

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>(QUEUE);
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile Throwable failure;
    private volatile Instant lastEvent;
    /** Incremented on every connect, so a closed socket's late callbacks cannot touch the new connection's state. */
    private volatile int generation;
    private WebSocket socket;
    private int host;
    private String lastReturned;
    private SeenWindowCursor state;

    public BlueskyConnector(SourceContext ctx) {
        this(ctx, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    BlueskyConnector(SourceContext ctx, HttpClient client) {
        super(ctx, PLATFORM);
        this.client = client;
        this.filter = new BrandFilter(ctx.brands());
        List<String> configured = ctx.listOption("hosts");
        if (ctx.source().baseUrl() != null && !ctx.source().baseUrl().isBlank()) {
            configured = List.of(ctx.baseUrl(null));
        }
        this.hosts = configured.isEmpty() ? PUBLIC_HOSTS : configured;
        this.rewind = ctx.durationOption("rewind", Duration.ofSeconds(5));
        this.fetchWindow = ctx.durationOption("fetchWindow", Duration.ofSeconds(1));
        this.idleTimeout = ctx.durationOption("idleTimeout", Duration.ofSeconds(30));
        this.maxBatch = ctx.intOption("maxBatch", 5000, 1, QUEUE);
        if (filter.terms().isEmpty()) {
            throw new io.monitor.core.config.SettingsException(ctx.key() + ".brands",
                    "the Bluesky firehose is filtered by the brands' names and queries, but there is no brand");
        }
    }

    @Override
    public Duration pollInterval() {
        return fetchWindow;
    }

    /** The resume position: the newest {@code time_us} seen and the posts seen within the rewind window. */
    static SeenWindowCursor parseCursor(String text) {
        return SeenWindowCursor.resume(text, RECENT, PLATFORM, 0);
    }

    @Override
    public Batch fetch(String cursorText) throws FetchException, InterruptedException {
        SeenWindowCursor cursor;
        if (state != null && cursorText != null && cursorText.equals(lastReturned)) {
            cursor = state;
        } else {
            if (socket != null) {
                LOG.info("{}: the last batch was not acknowledged, resuming from the stored cursor", id());
                disconnect();
            }
            cursor = parseCursor(cursorText);
        }
        if (socket == null) {
            connect(cursor);
        }
        List<String> frames = new ArrayList<>();
        String first = queue.poll(fetchWindow.toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
            frames.add(first);
            queue.drainTo(frames, maxBatch - 1);
        }
        if (paused.compareAndSet(true, false) && socket != null) {
            socket.request(1);
        }
        if (frames.isEmpty()) {
            Throwable f = failure;
            if (f != null) {
                String host = hosts.get(this.host);
                rotate();
                throw FetchException.retryable("network", "Jetstream connection to " + host + " dropped: " + f, null,
                        f);
            }
            if (Duration.between(lastEvent, ctx.clock().instant()).compareTo(idleTimeout) > 0) {
                String host = hosts.get(this.host);
                rotate();
                throw FetchException.retryable("network", "no event from " + host + " for " + idleTimeout, null, null);
            }
        }
        Instant now = ctx.clock().instant();
        long t = cursor.t();
        Map<String, Long> recent = new TreeMap<>(cursor.seen());
        List<Mention> mentions = new ArrayList<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        for (String frame : frames) {
            JsonNode ev;
            try {
                ev = Json.MAPPER.readTree(frame);
            } catch (JsonProcessingException e) {
                rejected.add(new Batch.Rejected(frame, "Jetstream frame is not JSON: " + e.getOriginalMessage()));
                continue;
            }
            if (!ev.path("time_us").canConvertToLong()) {
                rejected.add(new Batch.Rejected(frame, "Jetstream event without time_us"));
                continue;
            }
            long timeUs = ev.path("time_us").asLong();
            t = Math.max(t, timeUs);
            JsonNode commit = ev.path("commit");
            if (!"commit".equals(ev.path("kind").asText()) || !"create".equals(commit.path("operation").asText())
                    || !"app.bsky.feed.post".equals(commit.path("collection").asText())) {
                continue; // identity/account events, deletes, updates: nothing to publish
            }
            String key = ev.path("did").asText("") + "/" + commit.path("rkey").asText("");
            if (recent.containsKey(key) || !filter.matches(commit.path("record").path("text").asText(""))) {
                continue;
            }
            try {
                mentions.add(map(ev, now));
                recent.put(key, timeUs);
            } catch (IllegalArgumentException e) {
                rejected.add(new Batch.Rejected(frame, e.getMessage()));
            }
        }
        state = SeenWindowCursor.within(t, recent, rewind.toNanos() / 1000);
        lastReturned = state.format(RECENT);
        return new Batch(mentions, rejected, lastReturned, true, null);
    }

    /** Maps a Jetstream post-create event; throws IllegalArgumentException with the reason when it cannot. */
    static Mention map(JsonNode ev, Instant ingestedAt) {
        String did = ev.path("did").asText("");
        JsonNode commit = ev.path("commit");
        String rkey = commit.path("rkey").asText("");
        if (!did.startsWith("did:") || rkey.isEmpty()) {
            throw new IllegalArgumentException("post event without did or rkey");
        }
        JsonNode record = commit.path("record");
        Instant created;
        try {
            created = Instant.parse(record.path("createdAt").asText(""));
        } catch (DateTimeParseException e) {
            // createdAt is the client's claim and sometimes missing or odd: the relay's time is the fallback
            long us = ev.path("time_us").asLong();
            created = Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000);
        }
        JsonNode langs = record.path("langs");
        String lang = langs.isArray() && langs.size() > 0 ? langs.get(0).asText().toLowerCase(java.util.Locale.ROOT)
                .replaceFirst("-.*", "") : null;
        JsonNode embed = record.path("embed");
        String embedType = embed.path("$type").asText("");
        String quote = embedType.equals("app.bsky.embed.record") ? embed.path("record").path("uri").asText(null)
                : embedType.equals("app.bsky.embed.recordWithMedia")
                ? embed.path("record").path("record").path("uri").asText(null) : null;
        String replyTo = record.path("reply").path("parent").path("uri").asText(null);
        return new Mention(Mention.SCHEMA_VERSION, PLATFORM, did + "/" + rkey,
                "https://bsky.app/profile/" + did + "/post/" + rkey, new Mention.Author(did, null, null, -1),
                record.path("text").asText(""), lang, created, ingestedAt, new Mention.Engagement(-1, -1, -1, -1),
                postId(replyTo), postId(quote), null, List.of(), null);
    }

    /** {@code at://did/app.bsky.feed.post/rkey} as this connector's post id {@code did/rkey}. */
    static String postId(String atUri) {
        if (atUri == null || !atUri.startsWith("at://")) {
            return atUri;
        }
        String[] p = atUri.substring(5).split("/");
        return p.length == 3 ? p[0] + "/" + p[2] : atUri;
    }

    private void connect(SeenWindowCursor cursor) throws FetchException, InterruptedException {
        String base = hosts.get(host);
        String uri = base + "/subscribe?wantedCollections=app.bsky.feed.post";
        if (cursor.t() > 0) {
            uri += "&cursor=" + Math.max(0, cursor.t() - rewind.toNanos() / 1000);
        }
        int gen = ++generation;
        queue.clear();
        failure = null;
        paused.set(false);
        try {
            socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(uri), new Listener(gen)).get(15, TimeUnit.SECONDS);
            lastEvent = ctx.clock().instant();
            LOG.info("{}: connected to {}", id(), uri);
        } catch (ExecutionException | TimeoutException | IllegalArgumentException e) {
            rotate();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw FetchException.retryable("network", "cannot connect to " + uri + ": " + cause, null, cause);
        }
    }

    private void rotate() {
        disconnect();
        host = (host + 1) % hosts.size();
    }

    private void disconnect() {
        WebSocket s = socket;
        socket = null;
        if (s != null) {
            s.abort();
        }
        queue.clear();
        state = null;
        lastReturned = null;
    }

    /** Collects text frames into the queue; asks for the next frame only while the queue has room. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final int gen;

        Listener(int gen) {
            this.gen = gen;
        }

        private boolean current() {
            return gen == generation;
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (!current()) {
                return null;
            }
            partial.append(data);
            if (last) {
                queue.offer(partial.toString());
                partial.setLength(0);
                lastEvent = ctx.clock().instant();
            }
            if (queue.remainingCapacity() > 0) {
                ws.request(1);
            } else {
                paused.set(true);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ws.request(1); // compressed frames are never requested; ignore anything else
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (current()) {
                failure = new IOException("closed by the server (" + statusCode + " " + reason + ")");
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (current()) {
                failure = error;
            }
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
