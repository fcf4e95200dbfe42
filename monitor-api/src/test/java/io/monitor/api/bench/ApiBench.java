package io.monitor.api.bench;

import io.monitor.api.ApiServer;
import io.monitor.api.incidents.IncidentEventSink;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.api.timeline.TimelineWindow;
import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.model.Alert;
import io.monitor.core.model.IncidentEvent;
import io.monitor.core.model.Severity;
import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelineQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures SSE fan-out (clients held, event latency from store change to client receipt) and the latency of the
 * incident list and timeline endpoints under concurrent load, in one process on this machine (client and server share
 * the CPUs, so the figures are an upper bound of what the server alone needs). The timeline is asked in each window
 * size (1m, 5m, 1h) over its longest range, every point with 10 top terms, hashtags and authors, and the answer's size
 * is printed beside its latency.
 *
 * <pre>
 * ./mvnw -q -o -pl monitor-api test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.monitor.api.bench.ApiBench -Dexec.args="1000 50 1000 3000 8"
 * </pre>
 * Arguments: SSE clients, events, incidents in the store, list requests, request concurrency.
 */
public final class ApiBench {
    /** The first events run cold (JIT, first writes on each connection) and are left out of the latency figures. */
    private static final int WARMUP_EVENTS = 5;
    /** Entries per top list of a timeline point (terms, hashtags, authors). */
    private static final int TOP = 10;

    private ApiBench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = arg(args, 0, 1000);
        int events = arg(args, 1, 50);
        int incidents = arg(args, 2, 1000);
        int requests = arg(args, 3, 3000);
        int concurrency = arg(args, 4, 8);

        IncidentStore store = new IncidentStore();
        Instant t0 = Instant.now().minus(Duration.ofHours(2));
        String[] brands = {"acme-bahn", "fizzcola", "brand-c"};
        for (int i = 0; i < incidents; i++) {
            store.apply(Alert.firing(Map.of("brand", brands[i % 3], "rule", "seed-" + i),
                    Map.of("summary", "Negative storm " + i, "description", "x".repeat(200)),
                    Severity.values()[i % 3], t0.plusSeconds(i)));
        }
        MonitorSettings settings = new MonitorSettings(null, List.of(
                new BrandSettings("acme-bahn", null, "acme", null), new BrandSettings("fizzcola", null, "fizz", null),
                new BrandSettings("brand-c", null, "c", null)), null, null, null,
                new ApiSettings("127.0.0.1", 0, null, null, null), null);
        IncidentEventSink sink = new IncidentEventSink() {
            @Override
            public void publish(IncidentEvent event) {
                store.apply(event);
            }
        };
        // Each window size's longest range (1m: a day, 5m: a week, 1h: five weeks), every point with TOP terms,
        // hashtags and authors: the largest answers the timeline endpoint gives.
        Map<Duration, List<TimelinePoint>> byWindow = new java.util.HashMap<>();
        for (TimelineWindow w : TimelineWindow.values()) {
            byWindow.put(w.size(), points(t0.minus(w.maxSpan()), w.size(), (int) w.maxSpan().dividedBy(w.size())));
        }
        TimelineQuery timelines = new TimelineQuery() {

            @Override
            public List<TimelinePoint> timeline(String brand, Duration window, Instant from, Instant to) {
                return byWindow.get(window);
            }
        };
        try (ApiServer server = ApiServer.create(settings, store, sink, timelines, () -> true, n -> null,
                Clock.systemUTC(), Duration.ofSeconds(15)).start()) {
            int port = server.port();
            sse(store, port, clients, events);
            load(port, "/api/v1/incidents?limit=200", requests, concurrency, false);
            load(port, "/api/v1/incidents?brand=fizzcola&severity=critical&state=active&limit=50", requests, concurrency,
                    false);
            // As a browser asks (gzip), and the largest once more as a plain client asks.
            for (TimelineWindow w : TimelineWindow.values()) {
                load(port, "/api/v1/brands/acme-bahn/timeline?window=" + w.param(), requests, concurrency, true);
            }
            load(port, "/api/v1/brands/acme-bahn/timeline?window=5m", requests, concurrency, false);
        }
    }

    /** {@code n} windows of {@code size} from {@code start}, each with {@link #TOP} terms, hashtags and authors. */
    private static List<TimelinePoint> points(Instant start, Duration size, int n) {
        List<TimelinePoint> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant s = start.plus(size.multipliedBy(i));
            List<TimelinePoint.Count> terms = new ArrayList<>();
            List<TimelinePoint.Count> tags = new ArrayList<>();
            List<TimelinePoint.Author> authors = new ArrayList<>();
            for (int k = 0; k < TOP; k++) {
                terms.add(new TimelinePoint.Count("begriff" + (i + k) % 97, 40 - k));
                tags.add(new TimelinePoint.Count("hashtag" + (i + k) % 53, 30 - k));
                authors.add(new TimelinePoint.Author("author" + (i * 7 + k) % 400 + ".bsky.social", "bluesky", 1 + k % 3,
                        1_000_000L / (k + 1)));
            }
            out.add(new TimelinePoint("acme-bahn", s, s.plus(size), 100, 20, 50, 30, -0.1, 80, 123_456, 789, terms,
                    tags, authors));
        }
        return out;
    }

    private static void sse(IncidentStore store, int port, int clients, int events) throws Exception {
        long[] sentAt = new long[events];
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch done = new CountDownLatch(clients);
        AtomicInteger failed = new AtomicInteger();
        List<Socket> sockets = new ArrayList<>();
        long startConnect = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            sockets.add(s);
            s.getOutputStream().write(("GET /api/v1/incidents/stream HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread t = new Thread(() -> {
                int seen = 0;
                try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while (seen < events && (line = in.readLine()) != null) {
                        if (line.startsWith(": connected")) {
                            connected.countDown();
                        }
                        int at = line.indexOf("\"rule\":\"bench-");
                        if (at >= 0) {
                            int k = Integer.parseInt(line.substring(at + 14, line.indexOf('"', at + 14)));
                            if (k >= WARMUP_EVENTS) {
                                latencies.add(System.nanoTime() - sentAt[k]);
                            }
                            seen++;
                        }
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }, "bench-sse-" + c);
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY);
            t.start();
        }
        if (!connected.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (clients - connected.getCount()) + " clients connected");
        }
        System.out.printf("SSE: %d clients connected in %d ms; server threads %d, heap used %d MB%n", clients,
                (System.nanoTime() - startConnect) / 1_000_000, Thread.activeCount(),
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        Instant t = Instant.now();
        for (int k = 0; k < events; k++) {
            sentAt[k] = System.nanoTime();
            store.apply(Alert.firing(Map.of("brand", "acme-bahn", "rule", "bench-" + k),
                    Map.of("summary", "bench event " + k), Severity.CRITICAL, t.plusMillis(k)));
            Thread.sleep(100);
        }
        boolean all = done.await(60, TimeUnit.SECONDS);
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("SSE: %d events x %d clients (%s, failed clients %d); latency ms after %d warm-up events: "
                        + "p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n", events, clients, all ? "all delivered" : "INCOMPLETE",
                failed.get(), WARMUP_EVENTS, pct(l, 50), pct(l, 90), pct(l, 99), l.length == 0 ? 0 : l[l.length - 1] / 1e6);
        for (Socket s : sockets) {
            s.close();
        }
    }

    private static void load(int port, String path, int requests, int concurrency, boolean gzip) throws Exception {
        HttpClient client = HttpClient.newBuilder().build();
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        if (gzip) {
            builder.header("Accept-Encoding", "gzip");
        }
        HttpRequest request = builder.build();
        long bytes = 0;
        for (int i = 0; i < 200; i++) { // warm-up
            bytes = client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
        }
        long[] lat = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                    long s = System.nanoTime();
                    try {
                        int status = client.send(request,
                                HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    lat[i] = System.nanoTime() - s;
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - start) / 1e9;
        Arrays.sort(lat);
        System.out.printf("GET %s (%,d bytes%s): %d requests, %d in parallel, %.0f req/s, errors %d; latency ms p50 %.2f  "
                + "p99 %.2f%n", path, bytes, gzip ? " gzip" : "", requests, concurrency, requests / secs, errors.get(), pct(lat, 50), pct(lat, 99));
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
