package io.monitor.ingest.x;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.PendingBatch;
import io.monitor.ingest.SourceConnector;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X posts from the API v2 filtered stream ({@code GET /2/tweets/search/stream}, paid tiers), newline-delimited JSON
 * with bare newlines as keep-alives, read over plain HTTP (no Java client library has this endpoint; see the
 * package documentation). Chosen with {@code options.mode: stream} on a source of type {@code x}.
 *
 * <p>Rules: before the first connection the stream's rules are made to match the brands (one rule per brand, the
 * same query as recent search, tag {@code monitor:<brand id>}; or one per {@code options.queries}, tag
 * {@code monitor:q<n>}); stale {@code monitor:} rules are deleted, other tools' rules are left alone and their
 * posts are not published ({@link XStreamRules}).
 *
 * <p>The stream is read in the background into a bounded queue; each {@link #fetch} drains what arrived within
 * {@code options.fetchWindow} (default 1 s). A connection that sends nothing, not even a keep-alive, for
 * {@code options.stallTimeout} (default 20 s, as X advises) is dropped. Reconnects wait as X requires
 * ({@link XStreamBackoff}); the wait is handed to the runner as the failure's retry-after, and a fetch before it is
 * over does not touch the network.
 *
 * <p>Gaps: after a drop, and after a restart from a stored cursor, the gap is filled with v2 recent search
 * ({@code since_id} = the newest post id seen before the drop) while the new connection already streams; posts that
 * come both ways are published once (ids seen are remembered, the newest 20,000). A failed gap fill is retried
 * without stopping the stream. The cursor is {@code {"newest": id, "gapFrom": id (while a gap is open), "n": seq}};
 * a batch Kafka did not acknowledge is handed out again unchanged.
 */
public final class XFilteredStreamConnector extends SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(XFilteredStreamConnector.class);
    static final String FIELDS = "tweet.fields=created_at,author_id,lang,public_metrics,referenced_tweets"
            + "&expansions=author_id&user.fields=username,name,public_metrics";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final int QUEUE = 20_000;
    private static final int SEEN = 20_000;
    private static final Comparator<String> BY_ID = Comparator.comparing(BigInteger::new);

    private final HttpClient client;
    private final HttpFetcher http;
    private final String baseUrl;
    private final Function<String, String> env;
    private final XRecentSearchConnector search;
    private final List<XStreamRules.Rule> rules;
    private final Duration fetchWindow;
    private final Duration stallTimeout;
    private final int maxBatch;
    private final XStreamBackoff backoff = new XStreamBackoff();

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>(QUEUE);
    private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
            return size() > SEEN;
        }
    };
    private volatile Throwable failure;
    private volatile Instant lastLine;
    private volatile int generation;
    private InputStream stream;
    private boolean receivedSinceConnect;
    private boolean rulesSynced;
    private boolean connectedOnce;
    private Instant reconnectAt;
    private String waitingKind;
    private Instant backfillNotBefore;
    private State state;
    private final PendingBatch pending = new PendingBatch();

    public XFilteredStreamConnector(SourceContext ctx) {
        this(ctx, System::getenv, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    XFilteredStreamConnector(SourceContext ctx, Function<String, String> env, HttpClient client) {
        super(ctx, XRecentSearchConnector.PLATFORM);
        this.env = env;
        this.client = client;
        this.http = ctx.http();
        this.baseUrl = ctx.baseUrl("https://api.x.com");
        this.search = new XRecentSearchConnector(ctx, env);
        this.rules = wantedRules(ctx.listOption("queries"), ctx.brands());
        this.fetchWindow = ctx.durationOption("fetchWindow", Duration.ofSeconds(1));
        this.stallTimeout = ctx.durationOption("stallTimeout", Duration.ofSeconds(20));
        this.maxBatch = ctx.intOption("maxBatch", 5000, 1, QUEUE);
        if (fetchWindow.isZero() || fetchWindow.isNegative() || stallTimeout.compareTo(fetchWindow) <= 0) {
            throw new SettingsException(ctx.key() + ".options.stallTimeout", "must be longer than options.fetchWindow");
        }
    }

    /** One rule per configured query ({@code monitor:q<n>}) or else per brand ({@code monitor:<brand id>}). */
    static List<XStreamRules.Rule> wantedRules(List<String> queries, List<BrandSettings> brands) {
        List<XStreamRules.Rule> out = new ArrayList<>();
        if (!queries.isEmpty()) {
            for (int i = 0; i < queries.size(); i++) {
                out.add(new XStreamRules.Rule(null, queries.get(i), XStreamRules.TAG_PREFIX + "q" + i));
            }
        } else {
            brands.forEach(b -> out.add(new XStreamRules.Rule(null, XRecentSearchConnector.defaultQuery(b),
                    XStreamRules.TAG_PREFIX + b.id())));
        }
        return out;
    }

    @Override
    public Duration pollInterval() {
        return fetchWindow;
    }

    /** The resume position: newest post id published, the start of an open gap, a batch sequence number. */
    record State(String newest, String gapFrom, long n) {
        static State parse(String text) {
            if (text == null) {
                return new State(null, null, 0);
            }
            try {
                JsonNode j = Json.MAPPER.readTree(text);
                if (!j.has("n")) {
                    // a cursor of the search mode ({query: since_id}) carries on from its newest id
                    String newest = null;
                    for (JsonNode v : j) {
                        String id = v.asText("");
                        if (id.matches("\\d{1,19}") && (newest == null || BY_ID.compare(id, newest) > 0)) {
                            newest = id;
                        }
                    }
                    return new State(newest, null, 0);
                }
                return new State(j.path("newest").asText(null), j.path("gapFrom").asText(null), j.path("n").asLong());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("unreadable x stream cursor: " + text, e);
            }
        }

        String format() {
            ObjectNode j = Json.MAPPER.createObjectNode();
            if (newest != null) {
                j.put("newest", newest);
            }
            if (gapFrom != null) {
                j.put("gapFrom", gapFrom);
            }
            j.put("n", n);
            return j.toString();
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
        Instant now = ctx.clock().instant();
        if (stream == null) {
            if (reconnectAt != null && now.isBefore(reconnectAt)) {
                throw FetchException.retryable(waitingKind, "reconnect to the X stream not before " + reconnectAt,
                        Duration.between(now, reconnectAt), null);
            }
            Map<String, String> auth = auth();
            if (!rulesSynced) {
                XStreamRules.sync(http, baseUrl, auth, rules, id());
                rulesSynced = true;
            }
            connect(auth);
            if (!connectedOnce && state.newest() != null && state.gapFrom() == null) {
                state = new State(state.newest(), state.newest(), state.n()); // restarted: fill the gap since then
            }
            connectedOnce = true;
        }
        List<Mention> mentions = new ArrayList<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        String gapFrom = state.gapFrom();
        if (gapFrom != null && (backfillNotBefore == null || !now.isBefore(backfillNotBefore))) {
            gapFrom = backfill(gapFrom, mentions, rejected, now);
        }
        List<String> lines = new ArrayList<>();
        String first = queue.poll(fetchWindow.toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
            lines.add(first);
            queue.drainTo(lines, maxBatch - 1);
        }
        if (receivedSinceConnect) {
            backoff.reset();
        }
        if (lines.isEmpty() && mentions.isEmpty() && rejected.isEmpty()) {
            Throwable f = failure;
            if (f != null) {
                throw dropped(XStreamBackoff.Kind.NETWORK, "network", "the X stream broke: " + f, f);
            }
            Instant quietSince = lastLine;
            if (Duration.between(quietSince, ctx.clock().instant()).compareTo(stallTimeout) > 0) {
                throw dropped(XStreamBackoff.Kind.NETWORK, "stall", "no data and no keep-alive on the X stream for "
                        + stallTimeout, null);
            }
        }
        Instant ingested = ctx.clock().instant();
        for (String line : lines) {
            mapLine(line, ingested, mentions, rejected);
        }
        String newest = state.newest();
        for (Mention m : mentions) {
            if (newest == null || BY_ID.compare(m.id(), newest) > 0) {
                newest = m.id();
            }
        }
        long n = mentions.isEmpty() && rejected.isEmpty() ? state.n() : state.n() + 1;
        state = new State(newest, gapFrom, n);
        mentions.sort(Comparator.comparing(Mention::createdAt).thenComparing(Mention::id, BY_ID));
        return pending.handOut(new Batch(mentions, rejected, state.format(), true, null));
    }

    /** Recent search from {@code gapFrom}; returns the gap still open (null when filled). */
    private String backfill(String gapFrom, List<Mention> mentions, List<Batch.Rejected> rejected, Instant now)
            throws FetchException, InterruptedException {
        Map<String, String> cursor = new HashMap<>();
        search.queries().forEach(q -> cursor.put(q, gapFrom));
        ObjectNode c = Json.MAPPER.createObjectNode();
        cursor.forEach(c::put);
        Batch found;
        try {
            found = search.fetch(c.toString());
        } catch (FetchException e) {
            if (!e.retryable()) {
                throw e;
            }
            Duration wait = e.retryAfter() != null ? e.retryAfter() : Duration.ofSeconds(30);
            backfillNotBefore = now.plus(wait);
            LOG.warn("{}: filling the gap after post {} with recent search failed ({}); the stream goes on, the gap "
                    + "fill is retried in {}", id(), gapFrom, e.getMessage(), wait);
            return gapFrom;
        }
        backfillNotBefore = null;
        rejected.addAll(found.rejected());
        int fresh = 0;
        for (Mention m : found.mentions()) {
            if (seen.putIfAbsent(m.id(), Boolean.TRUE) == null) {
                mentions.add(m);
                fresh++;
            }
        }
        LOG.info("{}: filled the gap after post {} with {} posts from recent search", id(), gapFrom, fresh);
        return null;
    }

    private void mapLine(String line, Instant ingested, List<Mention> mentions, List<Batch.Rejected> rejected) {
        JsonNode msg;
        try {
            msg = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            rejected.add(new Batch.Rejected(line, "X stream line is not JSON: " + e.getOriginalMessage()));
            return;
        }
        if (msg == null || !msg.path("data").isObject()) {
            if (msg != null && msg.has("errors")) {
                // e.g. operational-disconnect before X closes the connection: worth a log line, not a mention
                LOG.warn("{}: the X stream says {}", id(), msg.path("errors"));
            } else {
                rejected.add(new Batch.Rejected(line, "X stream message without data"));
            }
            return;
        }
        JsonNode matching = msg.path("matching_rules");
        if (matching.isArray() && matching.size() > 0) {
            boolean ours = false;
            for (JsonNode r : matching) {
                ours |= r.path("tag").asText("").startsWith(XStreamRules.TAG_PREFIX);
            }
            if (!ours) {
                LOG.debug("{}: post {} matched only other tools' rules", id(), msg.path("data").path("id"));
                return;
            }
        }
        Map<String, JsonNode> users = new HashMap<>();
        msg.path("includes").path("users").forEach(u -> users.put(u.path("id").asText(), u));
        try {
            Mention m = XRecentSearchConnector.map(msg.path("data"), users, ingested);
            if (seen.putIfAbsent(m.id(), Boolean.TRUE) == null) {
                mentions.add(m);
            }
        } catch (IllegalArgumentException e) {
            rejected.add(new Batch.Rejected(line, e.getMessage()));
        }
    }

    private Map<String, String> auth() throws FetchException {
        String bearer = env.apply(ctx.source().credentialEnv());
        if (bearer == null || bearer.isBlank()) {
            throw FetchException.fatal("auth", "environment variable " + ctx.source().credentialEnv()
                    + " is not set to an X API bearer token");
        }
        return Map.of("Authorization", "Bearer " + bearer);
    }

    private void connect(Map<String, String> auth) throws FetchException, InterruptedException {
        URI uri = URI.create(baseUrl + "/2/tweets/search/stream?" + FIELDS);
        // the timeout bounds the wait for the response headers only, not the endless body
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET().timeout(CONNECT_TIMEOUT)
                .header("User-Agent", "monitor-ingest/0.1");
        auth.forEach(req::header);
        HttpResponse<InputStream> r;
        try {
            r = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw dropped(XStreamBackoff.Kind.NETWORK, "network", "cannot connect to " + uri + ": " + e, e);
        }
        int s = r.statusCode();
        if (s != 200) {
            String body = readSome(r.body());
            String what = "GET " + uri + " answered HTTP " + s + (body.isBlank() ? "" : ": " + body);
            if (s == 401 || s == 403) {
                throw FetchException.fatal("auth", what + ": authentication failed, check the bearer token in "
                        + ctx.source().credentialEnv() + " and that its project has filtered-stream access");
            }
            if (s == 429) {
                throw dropped(XStreamBackoff.Kind.RATE_LIMIT, "rate_limited", what, null);
            }
            if (s >= 500 || s == 408) {
                throw dropped(XStreamBackoff.Kind.HTTP, "server", what, null);
            }
            throw FetchException.fatal("client", what + ": check the source's baseUrl and options");
        }
        int gen = ++generation;
        queue.clear();
        failure = null;
        receivedSinceConnect = false;
        lastLine = ctx.clock().instant();
        stream = r.body();
        Thread reader = new Thread(() -> read(r.body(), gen), "x-stream-" + id());
        reader.setDaemon(true);
        reader.start();
        LOG.info("{}: connected to the X filtered stream at {}", id(), baseUrl);
    }

    /** Reads lines until the stream ends; every line, keep-alives included, proves the connection alive. */
    private void read(InputStream in, int gen) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && gen == generation) {
                lastLine = ctx.clock().instant();
                receivedSinceConnect = true;
                if (!line.isBlank()) {
                    queue.put(line);
                }
            }
            if (gen == generation) {
                failure = new EOFException("closed by the server");
            }
        } catch (IOException e) {
            if (gen == generation) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the connection, opens the gap from the newest post seen and schedules the reconnect. */
    private FetchException dropped(XStreamBackoff.Kind kind, String label, String what, Throwable cause) {
        disconnect();
        if (state.newest() != null && state.gapFrom() == null) {
            state = new State(state.newest(), state.newest(), state.n());
        }
        Duration wait = backoff.next(kind);
        reconnectAt = ctx.clock().instant().plus(wait);
        waitingKind = label;
        return FetchException.retryable(label, what + "; reconnecting in " + wait + " as X requires", wait, cause);
    }

    private void disconnect() {
        generation++;
        InputStream s = stream;
        stream = null;
        if (s != null) {
            Thread closer = new Thread(() -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already broken: nothing left to release
                }
            }, "x-stream-close");
            closer.setDaemon(true);
            closer.start();
        }
        queue.clear();
    }

    private static String readSome(InputStream in) {
        try (in) {
            byte[] b = in.readNBytes(300);
            return new String(b, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
