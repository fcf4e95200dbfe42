package io.monitor.ingest.mastodon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.config.SettingsException;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.PendingBatch;
import io.monitor.ingest.SourceConnector;
import io.monitor.ingest.SourceContext;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mastodon hashtag statuses live from the streaming API: one Server-Sent-Events connection per watched hashtag
 * ({@code GET /api/v1/streaming/hashtag?tag=}, {@code Authorization: Bearer} the user token named by
 * {@code credentialEnv}), on {@code options.streamingUrl} (default: {@code baseUrl}; some instances serve streaming
 * on another host, see their {@code /api/v2/instance} {@code configuration.urls.streaming}).
 *
 * <p>{@code update} events are published; {@code delete} and {@code status.update} (edits) are not (mentions are
 * immutable here); {@code :thump} comments are heartbeats. A connection that sends nothing for
 * {@code options.stallTimeout} (default 45 s) counts as dropped. On any drop all connections are closed, the runner
 * backs off (its bounded exponential backoff with jitter) and the next fetch reconnects.
 *
 * <p>Gaps: after a drop, and after a restart from a stored cursor, each hashtag's gap is filled over REST
 * ({@link MastodonConnector}: {@code min_id} = the newest status id seen before the drop, page after page) while the
 * stream already runs; {@code X-RateLimit-*} is honoured by deferring the gap fill, never by stopping the stream.
 * Statuses that come both ways are published once (the newest 20,000 ids are remembered). The cursor is
 * {@code {"tags": {hashtag: newest id}, "gaps": {hashtag: gap start id}, "n": seq}}; a batch Kafka did not
 * acknowledge is handed out again unchanged.
 */
public final class MastodonStreamConnector extends SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(MastodonStreamConnector.class);
    private static final int QUEUE = 20_000;
    private static final int SEEN = 20_000;
    private static final int GAP_PAGES_PER_FETCH = 5;

    private final Function<String, String> env;
    private final HttpClient client;
    private final MastodonConnector rest;
    private final String streamingUrl;
    private final Duration fetchWindow;
    private final Duration stallTimeout;
    private final int maxBatch;

    /** A dispatched SSE event of one hashtag's connection. */
    record Event(String tag, String name, String data) {
    }

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(QUEUE);
    private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
            return size() > SEEN;
        }
    };
    private final List<InputStream> streams = new ArrayList<>();
    private volatile Throwable failure;
    private volatile Instant lastActivity;
    private volatile int generation;
    private boolean connectedOnce;
    private Instant gapFillNotBefore;
    private State state;
    private final PendingBatch pending = new PendingBatch();

    public MastodonStreamConnector(SourceContext ctx) {
        this(ctx, System::getenv, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    MastodonStreamConnector(SourceContext ctx, Function<String, String> env, HttpClient client) {
        super(ctx, MastodonConnector.PLATFORM);
        this.env = env;
        this.client = client;
        this.rest = new MastodonConnector(ctx, env);
        String s = ctx.option("streamingUrl", null);
        String url = s == null || s.isBlank() ? ctx.baseUrl("https://mastodon.social") : s.trim();
        this.streamingUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.fetchWindow = ctx.durationOption("fetchWindow", Duration.ofSeconds(1));
        this.stallTimeout = ctx.durationOption("stallTimeout", Duration.ofSeconds(45));
        this.maxBatch = ctx.intOption("maxBatch", 5000, 1, QUEUE);
        if (ctx.source().credentialEnv() == null || ctx.source().credentialEnv().isBlank()) {
            throw new SettingsException(ctx.key() + ".credentialEnv",
                    "Mastodon streaming needs a user access token: name the environment variable holding it");
        }
        if (fetchWindow.isZero() || fetchWindow.isNegative() || stallTimeout.compareTo(fetchWindow) <= 0) {
            throw new SettingsException(ctx.key() + ".options.stallTimeout", "must be longer than options.fetchWindow");
        }
    }

    @Override
    public Duration pollInterval() {
        return fetchWindow;
    }

    /** Newest status id per hashtag, open gaps (hashtag to the id after which statuses may be missing), sequence. */
    record State(Map<String, String> tags, Map<String, String> gaps, long n) {
        static State parse(String text) {
            Map<String, String> tags = new TreeMap<>();
            Map<String, String> gaps = new TreeMap<>();
            if (text == null) {
                return new State(tags, gaps, 0);
            }
            try {
                JsonNode j = Json.MAPPER.readTree(text);
                // a cursor of the REST mode ({hashtag: id}) carries on: switching to streaming loses nothing
                JsonNode t = j.has("tags") || j.has("n") ? j.path("tags") : j;
                t.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
                j.path("gaps").fields().forEachRemaining(e -> gaps.put(e.getKey(), e.getValue().asText()));
                return new State(tags, gaps, j.path("n").asLong());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("unreadable mastodon stream cursor: " + text, e);
            }
        }

        String format() {
            ObjectNode j = Json.MAPPER.createObjectNode();
            ObjectNode t = j.putObject("tags");
            tags.forEach(t::put);
            if (!gaps.isEmpty()) {
                ObjectNode g = j.putObject("gaps");
                gaps.forEach(g::put);
            }
            j.put("n", n);
            return j.toString();
        }

        /** Every hashtag with a known newest status gets a gap from there (a drop or a restart). */
        State withGaps() {
            Map<String, String> g = new TreeMap<>(gaps);
            tags.forEach(g::putIfAbsent);
            return new State(tags, g, n);
        }
    }

    @Override
    public Batch fetch(String cursorText) throws FetchException, InterruptedException {
        Batch again = pending.unacknowledged(cursorText);
        if (again != null) {
            LOG.info("{}: the last batch was not acknowledged, handing it out again", id());
            return again;
        }
        if (state == null) {
            state = State.parse(cursorText);
        }
        if (streams.isEmpty()) {
            connect();
            if (!connectedOnce) {
                state = state.withGaps(); // restarted: fill what was posted while we were away
            }
            connectedOnce = true;
        }
        Instant now = ctx.clock().instant();
        Map<String, String> tags = new TreeMap<>(state.tags());
        Map<String, String> gaps = new TreeMap<>(state.gaps());
        List<Mention> mentions = new ArrayList<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        if (!gaps.isEmpty() && (gapFillNotBefore == null || !now.isBefore(gapFillNotBefore))) {
            fillGaps(gaps, tags, mentions, rejected, now);
        }
        List<Event> events = new ArrayList<>();
        Event first = queue.poll(fetchWindow.toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
            events.add(first);
            queue.drainTo(events, maxBatch - 1);
        }
        if (events.isEmpty() && mentions.isEmpty() && rejected.isEmpty()) {
            Throwable f = failure;
            if (f != null) {
                throw dropped("network", "a Mastodon stream broke: " + f, f);
            }
            if (Duration.between(lastActivity, ctx.clock().instant()).compareTo(stallTimeout) > 0) {
                throw dropped("stall", "no event and no heartbeat on the Mastodon streams for " + stallTimeout, null);
            }
        }
        Instant ingested = ctx.clock().instant();
        for (Event e : events) {
            if (!e.name().equals("update")) {
                continue; // delete, status.update (edits), notifications: not new mentions
            }
            JsonNode status;
            try {
                status = Json.MAPPER.readTree(e.data());
            } catch (JsonProcessingException ex) {
                rejected.add(new Batch.Rejected(e.data(), "Mastodon update event #" + e.tag() + " is not JSON: "
                        + ex.getOriginalMessage()));
                continue;
            }
            String sid = status == null ? "" : status.path("id").asText("");
            if (sid.isEmpty()) {
                rejected.add(new Batch.Rejected(e.data(), "Mastodon update event #" + e.tag() + " without status id"));
                continue;
            }
            String newest = tags.get(e.tag());
            if (newest == null || MastodonConnector.BY_ID.compare(sid, newest) > 0) {
                tags.put(e.tag(), sid);
            }
            if (seen.containsKey(sid)) {
                continue;
            }
            try {
                mentions.add(MastodonConnector.map(status, ingested));
                seen.put(sid, Boolean.TRUE);
            } catch (IllegalArgumentException ex) {
                rejected.add(new Batch.Rejected(e.data(), ex.getMessage()));
            }
        }
        long n = mentions.isEmpty() && rejected.isEmpty() ? state.n() : state.n() + 1;
        state = new State(tags, gaps, n);
        mentions.sort(Comparator.comparing(Mention::createdAt).thenComparing(Mention::id, MastodonConnector.BY_ID));
        return pending.handOut(new Batch(mentions, rejected, state.format(), true, null));
    }

    /** Walks the REST tag timelines forward from each gap's start; closes a gap when a page is not full. */
    private void fillGaps(Map<String, String> gaps, Map<String, String> tags, List<Mention> mentions,
                          List<Batch.Rejected> rejected, Instant now) throws FetchException, InterruptedException {
        for (int page = 0; page < GAP_PAGES_PER_FETCH && !gaps.isEmpty(); page++) {
            List<String> open = List.copyOf(gaps.keySet());
            Batch found;
            try {
                found = rest.fetch(gaps, open);
            } catch (FetchException e) {
                if (!e.retryable()) {
                    throw e;
                }
                Duration wait = e.retryAfter() != null ? e.retryAfter() : Duration.ofSeconds(30);
                gapFillNotBefore = now.plus(wait);
                LOG.warn("{}: filling the gaps {} over REST failed ({}); the streams go on, retry in {}", id(), gaps,
                        e.getMessage(), wait);
                return;
            }
            rejected.addAll(found.rejected());
            for (Mention m : found.mentions()) {
                if (seen.putIfAbsent(m.id(), Boolean.TRUE) == null) {
                    mentions.add(m);
                }
            }
            Map<String, String> after = MastodonConnector.parse(found.cursor());
            for (String tag : open) {
                String reached = after.get(tag);
                if (!found.more() || reached == null || reached.equals(gaps.get(tag))) {
                    gaps.remove(tag); // the last page was not full: nothing left in this gap
                    LOG.info("{}: gap in #{} filled over REST", id(), tag);
                } else {
                    gaps.put(tag, reached);
                }
                if (reached != null && (tags.get(tag) == null
                        || MastodonConnector.BY_ID.compare(reached, tags.get(tag)) > 0)) {
                    tags.put(tag, reached);
                }
            }
            if (found.notBefore() != null) {
                gapFillNotBefore = found.notBefore();
                LOG.info("{}: Mastodon rate limit reached, the gap fill goes on at {}", id(), found.notBefore());
                return;
            }
            gapFillNotBefore = null;
        }
    }

    private void connect() throws FetchException, InterruptedException {
        String token = env.apply(ctx.source().credentialEnv());
        if (token == null || token.isBlank()) {
            throw FetchException.fatal("auth", "environment variable " + ctx.source().credentialEnv()
                    + " is not set to a Mastodon access token (streaming needs one)");
        }
        int gen = ++generation;
        queue.clear();
        failure = null;
        lastActivity = ctx.clock().instant();
        for (String tag : rest.hashtags()) {
            URI uri = URI.create(streamingUrl + "/api/v1/streaming/hashtag?tag="
                    + URLEncoder.encode(tag, StandardCharsets.UTF_8));
            // the timeout bounds the wait for the response headers only, not the endless body
            HttpRequest req = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream").header("User-Agent", "monitor-ingest/0.1").build();
            HttpResponse<InputStream> r;
            try {
                r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw dropped("network", "cannot connect to " + uri + ": " + e, e);
            }
            int s = r.statusCode();
            if (s != 200) {
                String body = readSome(r.body());
                String what = "GET " + uri + " answered HTTP " + s + (body.isBlank() ? "" : ": " + body);
                if (s == 401 || s == 403) {
                    disconnect();
                    throw FetchException.fatal("auth", what + ": check the access token in "
                            + ctx.source().credentialEnv() + " (scope read:statuses)");
                }
                if (s == 429 || s >= 500 || s == 408) {
                    throw dropped(s == 429 ? "rate_limited" : "server", what, null);
                }
                disconnect();
                throw FetchException.fatal("client", what + ": check baseUrl / options.streamingUrl");
            }
            streams.add(r.body());
            Thread reader = new Thread(() -> read(tag, r.body(), gen), "mastodon-stream-" + id() + "-" + tag);
            reader.setDaemon(true);
            reader.start();
        }
        LOG.info("{}: streaming #{} from {}", id(), String.join(", #", rest.hashtags()), streamingUrl);
    }

    /** Parses Server-Sent Events: {@code event:}/{@code data:} lines, dispatched on a blank line. */
    private void read(String tag, InputStream in, int gen) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            String event = "message";
            StringBuilder data = null;
            while ((line = lines.readLine()) != null && gen == generation) {
                lastActivity = ctx.clock().instant();
                if (line.isEmpty()) {
                    if (data != null) {
                        queue.put(new Event(tag, event, data.toString()));
                    }
                    event = "message";
                    data = null;
                } else if (line.startsWith(":")) {
                    continue; // a comment: the server's heartbeat
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String d = line.substring(5);
                    d = d.startsWith(" ") ? d.substring(1) : d;
                    data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
                }
            }
            if (gen == generation) {
                failure = new EOFException("the stream of #" + tag + " was closed by the server");
            }
        } catch (IOException e) {
            if (gen == generation) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private FetchException dropped(String kind, String what, Throwable cause) {
        disconnect();
        state = state.withGaps();
        return FetchException.retryable(kind, what + "; reconnecting and filling the gap over REST", null, cause);
    }

    private void disconnect() {
        generation++;
        List<InputStream> open = List.copyOf(streams);
        streams.clear();
        if (!open.isEmpty()) {
            Thread closer = new Thread(() -> open.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already broken: nothing left to release
                }
            }), "mastodon-stream-close");
            closer.setDaemon(true);
            closer.start();
        }
        queue.clear();
    }

    private static String readSome(InputStream in) {
        try (in) {
            return new String(in.readNBytes(300), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
