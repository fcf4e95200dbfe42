package io.monitor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.monitor.api.auth.Auth;
import io.monitor.api.auth.Role;
import io.monitor.api.brands.BrandCatalog;
import io.monitor.api.brands.BrandMeters;
import io.monitor.api.brands.BrandsApi;
import io.monitor.api.brands.CatalogFeed;
import io.monitor.api.brands.ChangeWriter;
import io.monitor.api.brands.KafkaChangeWriter;
import io.monitor.api.brands.PlannedEventStore;
import io.monitor.api.channels.ChannelCatalog;
import io.monitor.api.channels.ChannelsApi;
import io.monitor.api.http.ApiException;
import io.monitor.api.http.Request;
import io.monitor.api.http.Route;
import io.monitor.api.http.Router;
import io.monitor.api.incidents.AlertStore;
import io.monitor.api.incidents.Incident;
import io.monitor.api.incidents.IncidentDetail;
import io.monitor.api.incidents.IncidentEventSink;
import io.monitor.api.incidents.IncidentFilter;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.api.incidents.IncidentStream;
import io.monitor.api.incidents.KafkaIncidentEventSink;
import io.monitor.api.incidents.LifecycleCommand;
import io.monitor.api.mentions.MentionCursor;
import io.monitor.api.mentions.MentionFeed;
import io.monitor.api.mentions.MentionStore;
import io.monitor.api.notify.Notifier;
import io.monitor.api.timeline.TimelineRange;
import io.monitor.api.timeline.TimelineWindow;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.model.IncidentEvent;
import io.monitor.core.model.Sentiment;
import io.monitor.core.model.Severity;
import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelineQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API, the SSE incident stream and the dashboard, on the JDK's built-in {@code com.sun.net.httpserver}
 * (no web framework: it needs no dependency, and per-client writer threads give SSE the isolation it needs).
 *
 * <p>A value: {@link #create} returns an unstarted server; {@link #start()} binds the port and starts reading
 * incidents from Kafka; {@link #port()} is the bound port (settings port 0 = a free one); {@link #close()} stops
 * everything within about a second. Every route, its role and its handler are listed in {@link #routes()}; the
 * OpenAPI document at {@code /api/v1/openapi.json} describes the same set (a test checks it). With Kafka, the server
 * also sends notifications ({@link Notifier}: routing rules, the Kafka outbox, one sender per channel; see
 * {@code monitor-api/NOTIFICATIONS.md}); an invalid {@code notifications[].options} value makes {@link #create} throw a
 * {@link io.monitor.core.config.SettingsException} naming the key. Recent mentions per brand
 * ({@code /api/v1/brands/{brand}/mentions}) come from {@link MentionStore}, which a {@link MentionFeed} fills from
 * {@code Topics.MENTIONS_ENRICHED} (the last 1,000 per configured brand). Brand timelines
 * ({@code /api/v1/brands/{brand}/timeline?window=1m|5m|1h&from=&to=}) come from the {@link TimelineQuery}; the window
 * sizes, their range limits and defaults are {@link TimelineWindow} and {@link TimelineRange}. Large JSON answers go out
 * gzip-compressed to clients that accept it ({@link io.monitor.api.http.Compression}).
 *
 * <p>Brands and planned events ({@code /api/v1/brands}, {@code /api/v1/events}) are served by {@link BrandsApi}: the
 * config brands overlaid by {@code Topics.BRANDS}, planned events from {@code Topics.PLANNED_EVENTS}; changes are
 * written there and read back by a {@link CatalogFeed}, so every instance serves the same set. Notification channels
 * ({@code /api/v1/channels}, role admin) are served the same way by {@link ChannelsApi} over {@code Topics.CHANNELS},
 * and the {@link Notifier} follows them without a restart ({@link Notifier#reconfigure}).
 *
 * <pre>
 * try (ApiServer api = ApiServer.create(settings, "localhost:9092", timelines, streams::isRunning)) {
 *     api.start();
 *     System.out.println("dashboard at http://localhost:" + api.port() + "/");
 * }
 * </pre>
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final Duration SNOOZE_CHECK = Duration.ofSeconds(10);
    static final int REPLAY_EVENTS = 1000;
    static final int CLIENT_QUEUE = 256;
    static final int MAX_SSE_CLIENTS = 2000;
    static final int MAX_MENTIONS_PAGE = 200;
    /** How long a brand or planned-event change waits for this instance to have read the newest changes. */
    static final Duration CATALOG_SYNC = Duration.ofSeconds(5);
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    private static final List<String> ASSETS = List.of("dashboard.js", "dashboard.css");

    private final MonitorSettings settings;
    private final IncidentStore store;
    private final IncidentEventSink sink;
    private final AlertStore alertStore;
    private final MentionStore mentions;
    private final MentionFeed mentionFeed;
    private final TimelineQuery timelines;
    private final BooleanSupplier ready;
    private final Clock clock;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final IncidentStream stream;
    private final Notifier notifier;
    private final Router router;
    private final ChangeWriter changeWriter;
    private final CatalogFeed catalogFeed;
    private final BrandsApi brandsApi;
    private final ChannelsApi channelsApi;
    private final Duration keepAlive;
    private final Map<String, byte[]> assets = new LinkedHashMap<>();
    private HttpServer http;
    private ThreadPoolExecutor executor;
    private java.util.concurrent.ScheduledExecutorService ticker;

    private ApiServer(MonitorSettings settings, IncidentStore store, IncidentEventSink sink, String bootstrapServers,
                      TimelineQuery timelines, BooleanSupplier streamsReady, Function<String, String> env,
                      Clock clock, Duration keepAlive) {
        this.settings = settings;
        this.store = store;
        this.sink = sink;
        this.alertStore = bootstrapServers == null ? null : new AlertStore(bootstrapServers, store, meters);
        this.mentions = new MentionStore(settings.brands().stream().map(BrandSettings::id).toList(),
                MentionStore.DEFAULT_CAPACITY);
        this.mentionFeed = bootstrapServers == null ? null : new MentionFeed(bootstrapServers, mentions,
                MentionFeed.lookBack(mentions.capacity(), settings.brands().size()), meters);
        this.timelines = timelines;
        // Brands and planned events: config brands overlaid by Topics.BRANDS, events from Topics.PLANNED_EVENTS.
        BrandCatalog catalog = new BrandCatalog(settings.brands());
        catalog.onDefined(mentions::track); // recent mentions of brands created at run time, too
        PlannedEventStore plannedEvents = new PlannedEventStore();
        // Notification channels: config channels overlaid by Topics.CHANNELS, read by the same feed.
        ChannelCatalog channelCatalog = new ChannelCatalog(settings.notifications());
        this.changeWriter = bootstrapServers == null ? ChangeWriter.inMemory() : new KafkaChangeWriter(bootstrapServers);
        this.catalogFeed = bootstrapServers == null ? null
                : new CatalogFeed(bootstrapServers, catalog, plannedEvents, channelCatalog, meters);
        this.brandsApi = new BrandsApi(catalog, plannedEvents, changeWriter, store, clock,
                () -> catalogFeed == null || catalogFeed.caughtUp(),
                () -> {
                    if (catalogFeed != null) {
                        catalogFeed.awaitLatest(CATALOG_SYNC);
                    }
                });
        this.ready = alertStore == null ? streamsReady : () -> alertStore.caughtUp() && catalogFeed.caughtUp()
                && streamsReady.getAsBoolean();
        this.clock = clock;
        this.keepAlive = keepAlive;
        this.stream = new IncidentStream(REPLAY_EVENTS, CLIENT_QUEUE, MAX_SSE_CLIENTS, meters);
        store.addListener(stream);
        // Only changes after the view caught up are news; the replay of history at start must not notify again. The
        // channel overlay must be read too, so that no decision goes to a channel deleted at run time before a restart.
        this.notifier = Notifier.fromSettings(settings, bootstrapServers, env,
                () -> (alertStore == null || alertStore.caughtUp()) && (catalogFeed == null || catalogFeed.caughtUp()),
                clock, meters);
        store.addListener(notifier);
        // The notifier follows the effective channels: routing, senders started, stopped and restarted on change.
        channelCatalog.onChanged(() -> notifier.reconfigure(channelCatalog.effective()));
        this.channelsApi = new ChannelsApi(channelCatalog, catalog, changeWriter, env, notifier::delivers, clock,
                () -> catalogFeed == null || catalogFeed.caughtUp(),
                () -> {
                    if (catalogFeed != null) {
                        catalogFeed.awaitLatest(CATALOG_SYNC);
                    }
                });
        for (String state : Incident.STATES) {
            Gauge.builder("monitor.api.incidents", store, s -> s.countByState().getOrDefault(state, 0L))
                    .description("incidents held by the API, by state").tag("state", state).register(meters);
        }
        // Per effective brand (config brands and those created at run time, not deleted ones), tagged by brand id
        // only, so the number of series is bounded by the brands.
        BrandMeters.bind(meters, catalog, store, mentions);
        this.router = new Router(new Auth(settings.api(), env, clock), settings.api().maxBodyBytes(), meters);
        registerRoutes();
        assets.put("index.html", resource("dashboard/index.html"));
        for (String a : ASSETS) {
            assets.put(a, resource("dashboard/" + a));
        }
        assets.put("openapi.json", resource("openapi.json"));
    }

    /**
     * The production server: incidents are read from {@code Topics.ALERTS} and {@code Topics.INCIDENT_EVENTS} on
     * {@code bootstrapServers}, lifecycle actions are written to {@code Topics.INCIDENT_EVENTS}. API tokens are read
     * from the environment variables named in {@code api.tokens}.
     *
     * @param timelines    brand timelines (the Streams state stores); null when no Streams runs in this process,
     *                     then the timeline endpoint answers 503
     * @param streamsReady whether the Streams side is running; {@code /health/ready} needs it and a complete
     *                     incident view
     */
    public static ApiServer create(MonitorSettings settings, String bootstrapServers, TimelineQuery timelines,
                                   BooleanSupplier streamsReady) {
        return create(settings, bootstrapServers, timelines, streamsReady, System::getenv);
    }

    /**
     * As {@link #create(MonitorSettings, String, TimelineQuery, BooleanSupplier)}, with {@code env} resolving the
     * environment variables named in the settings (API tokens, channel URLs, routing keys, signing secrets).
     */
    public static ApiServer create(MonitorSettings settings, String bootstrapServers, TimelineQuery timelines,
                                   BooleanSupplier streamsReady, Function<String, String> env) {
        return new ApiServer(settings, new IncidentStore(), new KafkaIncidentEventSink(bootstrapServers),
                bootstrapServers, timelines, streamsReady, env, Clock.systemUTC(), KEEP_ALIVE);
    }

    /**
     * A server over a given store and sink, without Kafka: for tests of routing, problems, auth and SSE, and for
     * embedding. {@code env} resolves the token environment variables; {@code keepAlive} is the SSE comment interval.
     */
    public static ApiServer create(MonitorSettings settings, IncidentStore store, IncidentEventSink sink,
                                   TimelineQuery timelines, BooleanSupplier ready, Function<String, String> env,
                                   Clock clock, Duration keepAlive) {
        return new ApiServer(settings, store, sink, null, timelines, ready, env, clock, keepAlive);
    }

    /** Binds the port, starts the incident feed and the producer. */
    public synchronized ApiServer start() {
        if (http != null) {
            throw new IllegalStateException("already started");
        }
        sink.start();
        notifier.start();
        changeWriter.start();
        if (catalogFeed != null) {
            catalogFeed.start();
        }
        if (alertStore != null) {
            alertStore.start();
        }
        if (mentionFeed != null) {
            mentionFeed.start();
        }
        // The JDK server writes headers and body (and SSE chunks) in separate small writes; without TCP_NODELAY, Nagle
        // plus delayed ACKs add ~40 ms to many responses. Read once by the JDK when its first server is created.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        AtomicInteger n = new AtomicInteger();
        // One thread per open request: SSE clients each hold one (their writer), short requests borrow one briefly.
        executor = new ThreadPoolExecutor(4, MAX_SSE_CLIENTS + 200, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "monitor-api-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        try {
            http = HttpServer.create(new InetSocketAddress(settings.api().host(), settings.api().port()), 128);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen on " + settings.api().host() + ":" + settings.api().port()
                    + " (" + e.getMessage() + "); is another process using the port? Set api.port to another one", e);
        }
        ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "monitor-api-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, SNOOZE_CHECK.toMillis(), SNOOZE_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        http.createContext("/", router);
        http.setExecutor(executor);
        http.start();
        LOG.info("API and dashboard listening on http://{}:{}/", settings.api().host(), port());
        return this;
    }

    private void tick() {
        try {
            store.expireSnoozes();
            notifier.remind(store.list(new IncidentFilter(Set.of(), Set.of(Incident.OPEN, Incident.ACKNOWLEDGED,
                    Incident.SNOOZED), Set.of(), null, Integer.MAX_VALUE)));
        } catch (RuntimeException e) {
            LOG.error("periodic incident check (snoozes, reminders) failed", e);
        }
    }

    /** The bound port (meaningful after {@link #start()}). */
    public int port() {
        if (http == null) {
            throw new IllegalStateException("not started");
        }
        return http.getAddress().getPort();
    }

    /** Every route the server serves (for the OpenAPI check and documentation). */
    public List<Route> routes() {
        return router.routes();
    }

    /** The registry behind {@code /metrics}; other components of the same process may add their meters to it. */
    public PrometheusMeterRegistry meterRegistry() {
        return meters;
    }

    /**
     * The recent mentions per brand behind {@code /api/v1/brands/{brand}/mentions}: filled from
     * {@code Topics.MENTIONS_ENRICHED} by the production server; servers made without Kafka start empty and may be fed
     * directly (tests, embedding).
     */
    public MentionStore mentions() {
        return mentions;
    }

    /**
     * The brand and planned-event endpoints with their views (effective brands, planned events): filled from Kafka by
     * the production server; servers made without Kafka keep changes in memory only.
     */
    public BrandsApi brands() {
        return brandsApi;
    }

    /**
     * The notification-channel endpoints with their view (effective channels): filled from Kafka by the production
     * server; servers made without Kafka keep changes in memory only (and send no notifications).
     */
    public ChannelsApi channels() {
        return channelsApi;
    }

    /** The in-memory incident view (read-only use outside tests). */
    public IncidentStore incidents() {
        return store;
    }

    @Override
    public synchronized void close() {
        stream.closeAll();
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (http != null) {
            http.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (alertStore != null) {
            alertStore.close();
        }
        if (mentionFeed != null) {
            mentionFeed.close();
        }
        if (catalogFeed != null) {
            catalogFeed.close();
        }
        changeWriter.close();
        notifier.close();
        try {
            sink.close();
        } catch (Exception e) {
            LOG.warn("closing the incident event sink failed: {}", e.toString());
        }
        meters.close();
    }

    // ---------------------------------------------------------------------------------------------- routes

    private void registerRoutes() {
        router.add(new Route("GET", "/", null, r -> {
            // Everything the page needs comes from this server; the policy makes that a guarantee.
            r.exchange().getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
            r.bytes(200, "text/html; charset=utf-8", assets.get("index.html"));
        }));
        router.add(new Route("GET", "/assets/{file}", null, this::asset));
        router.add(new Route("GET", "/health/live", null, r -> r.json(200, Map.of("status", "live"))));
        router.add(new Route("GET", "/health/ready", null, this::readiness));
        router.add(new Route("GET", "/metrics", Role.VIEWER,
                r -> r.bytes(200, "text/plain; version=0.0.4; charset=utf-8",
                        meters.scrape().getBytes(StandardCharsets.UTF_8))));
        router.add(new Route("GET", "/api/v1/openapi.json", null,
                r -> r.bytes(200, "application/json", assets.get("openapi.json"))));
        router.add(new Route("GET", "/api/v1/brands", Role.VIEWER, brandsApi::list));
        router.add(new Route("GET", "/api/v1/brands/{brand}/timeline", Role.VIEWER, this::timeline));
        router.add(new Route("GET", "/api/v1/brands/{brand}/mentions", Role.VIEWER, this::brandMentions));
        router.add(new Route("GET", "/api/v1/incidents", Role.VIEWER, this::listIncidents));
        router.add(new Route("GET", "/api/v1/incidents/stream", Role.VIEWER, this::streamIncidents));
        router.add(new Route("GET", "/api/v1/incidents/{fingerprint}", Role.VIEWER, this::incident));
        for (String action : LifecycleCommand.ACTION_NAMES) {
            router.add(new Route("POST", "/api/v1/incidents/{fingerprint}/" + action, Role.RESPONDER,
                    r -> lifecycle(r, action)));
        }
        brandsApi.register(router);
        channelsApi.register(router);
    }

    private void asset(Request r) throws IOException {
        String file = r.path("file");
        if (!ASSETS.contains(file)) {
            throw ApiException.notFound("no asset '" + file + "'");
        }
        r.exchange().getResponseHeaders().set("Cache-Control", "no-cache");
        r.bytes(200, file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8", assets.get(file));
    }

    private void readiness(Request r) throws IOException {
        boolean incidentsComplete = alertStore == null || alertStore.caughtUp();
        boolean ok = ready.getAsBoolean();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ready" : "not ready");
        body.put("incidentViewComplete", incidentsComplete);
        body.put("brandsComplete", catalogFeed == null || catalogFeed.caughtUp());
        r.json(ok ? 200 : 503, body);
    }

    private void timeline(Request r) throws IOException {
        String brand = r.path("brand");
        if (!brandsApi.catalog().contains(brand)) {
            throw ApiException.notFound("no brand '" + abbreviate(brand) + "' is configured; GET /api/v1/brands lists them");
        }
        TimelineWindow window = TimelineWindow.parse(r.query("window"));
        TimelineRange range = TimelineRange.of(window, r.instantParam("from", null), r.instantParam("to", null),
                clock.instant());
        if (timelines == null) {
            throw ApiException.unavailable("timelines are served by the process that runs the streams role; "
                    + "this API process runs without it");
        }
        List<TimelinePoint> points;
        try {
            points = timelines.timeline(brand, window.size(), range.from(), range.to());
        } catch (IllegalArgumentException e) {
            // The query's own refusal (a window size its stores do not keep): the client can act on its message.
            String why = String.valueOf(e.getMessage());
            throw ApiException.badParameter("window", "'" + window.param() + "' is not served by this timeline store: "
                    + (why.length() <= 300 ? why : why.substring(0, 297) + "..."));
        } catch (IllegalStateException e) {
            throw ApiException.unavailable("the timeline store is not queryable right now (" + e.getMessage()
                    + "); try again in a few seconds");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("brand", brand);
        body.put("window", window.param());
        body.put("from", range.from());
        body.put("to", range.to());
        body.put("points", points);
        r.json(200, body);
    }

    private void brandMentions(Request r) throws IOException {
        String brand = r.path("brand");
        if (!mentions.knows(brand) || !brandsApi.catalog().contains(brand)) {
            throw ApiException.notFound("no brand '" + abbreviate(brand) + "' is configured; GET /api/v1/brands lists them");
        }
        Set<Sentiment.Label> sentiments = new LinkedHashSet<>();
        for (String s : listParam(r, "sentiment", Set.of("negative", "neutral", "positive"))) {
            sentiments.add(Sentiment.Label.valueOf(s.toUpperCase(Locale.ROOT)));
        }
        Set<String> languages = patternParam(r, "language", LANGUAGE,
                "must be ISO 639-1 codes such as 'de' or 'en' (or 'und' for undetermined), comma-separated");
        Set<String> platforms = patternParam(r, "platform", PLATFORM,
                "must be platform names such as 'bluesky' or 'mastodon', comma-separated");
        int limit = r.intParam("limit", 50, 1, MAX_MENTIONS_PAGE);
        String before = r.query("before");
        MentionCursor cursor = null;
        if (before != null && !before.isBlank()) {
            try {
                cursor = MentionCursor.decode(before);
            } catch (IllegalArgumentException e) {
                throw ApiException.badParameter("before", e.getMessage());
            }
        }
        MentionStore.Page page = mentions.page(brand, new MentionStore.Filter(sentiments, languages, platforms),
                cursor, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("brand", brand);
        body.put("mentions", page.mentions());
        body.put("count", page.mentions().size());
        body.put("nextCursor", page.next().map(MentionCursor::encode).orElse(null));
        body.put("complete", mentionFeed == null || mentionFeed.caughtUp());
        r.json(200, body);
    }

    /** A comma-separated parameter whose values (lower-cased) must each match {@code pattern}. */
    private static Set<String> patternParam(Request r, String name, Pattern pattern, String why) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : listParam(r, name, null)) {
            String norm = v.toLowerCase(Locale.ROOT);
            if (!pattern.matcher(norm).matches()) {
                throw ApiException.badParameter(name, why + "; got '" + abbreviate(v) + "'");
            }
            out.add(norm);
        }
        return out;
    }

    private void listIncidents(Request r) throws IOException {
        Set<String> brands = listParam(r, "brand", null);
        Set<String> states = listParam(r, "state", Set.copyOf(withActive()));
        Set<Severity> severities = new LinkedHashSet<>();
        for (String s : listParam(r, "severity", Set.of("info", "warning", "critical"))) {
            severities.add(Severity.valueOf(s.toUpperCase(Locale.ROOT)));
        }
        Instant since = r.instantParam("since", null);
        int limit = r.intParam("limit", 200, 1, 1000);
        // The stream position is taken first: events after it may already be in the list, which clients apply
        // idempotently (by fingerprint), but nothing can fall between list and stream.
        String lastEventId = stream.lastEventId();
        List<Incident> list = store.list(new IncidentFilter(brands, states, severities, since, limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("incidents", list);
        body.put("count", list.size());
        body.put("lastEventId", lastEventId);
        r.json(200, body);
    }

    private static List<String> withActive() {
        List<String> s = new ArrayList<>(Incident.STATES);
        s.add("active");
        return s;
    }

    /** A comma-separated filter parameter; values are checked against {@code allowed} when given. */
    private static Set<String> listParam(Request r, String name, Set<String> allowed) {
        String v = r.query(name);
        if (v == null || v.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String part : v.split(",")) {
            // strip(), not trim(): trim() would turn a value of control characters ("%00") into "" and drop it.
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            String norm = allowed == null ? p : p.toLowerCase(Locale.ROOT);
            if (allowed != null && !allowed.contains(norm)) {
                throw ApiException.badParameter(name, "has unknown value '" + abbreviate(p) + "'; use "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            out.add(norm);
        }
        return out;
    }

    private void incident(Request r) throws IOException {
        String fp = r.path("fingerprint");
        IncidentDetail d = store.get(fp).orElseThrow(() -> ApiException.notFound("no incident '" + abbreviate(fp) + "'"));
        r.json(200, brandsApi.withPlannedEvents(d));
    }

    private void lifecycle(Request r, String action) throws IOException {
        String fp = r.path("fingerprint");
        JsonNode body = r.jsonBody();
        IncidentEvent event = LifecycleCommand.parse(action, fp, body, r.principal().name(), clock.instant());
        if (!store.contains(fp)) {
            throw ApiException.notFound("no incident '" + abbreviate(fp) + "'");
        }
        sink.publish(event);
        // Read-your-writes: apply now; the copy read back from Kafka is ignored (same eventId).
        store.apply(event);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        out.put("incident", store.get(fp).map(IncidentDetail::incident).orElse(null));
        r.json(200, out);
    }

    private void streamIncidents(Request r) throws IOException {
        if ("HEAD".equals(r.exchange().getRequestMethod())) {
            r.bytes(200, "text/event-stream; charset=utf-8", new byte[0]);
            return;
        }
        String last = r.header("Last-Event-ID");
        if (last == null) {
            last = r.query("lastEventId");
        }
        IncidentStream.Client client = stream.subscribe(last);
        if (client == null) {
            throw ApiException.unavailable("too many live streams are open (" + MAX_SSE_CLIENTS + ")");
        }
        r.exchange().getResponseHeaders().set("Cache-Control", "no-cache");
        r.exchange().getResponseHeaders().set("X-Accel-Buffering", "no");
        try (OutputStream out = r.stream(200, "text/event-stream; charset=utf-8")) {
            stream.serve(client, out, keepAlive);
        } catch (IOException e) {
            LOG.debug("SSE client went away: {}", e.toString());
        } finally {
            stream.unsubscribe(client);
            r.exchange().close();
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/monitor/api/" + name + " (broken build)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
