package io.monitor.ingest.bluesky;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.ingest.ConnectorRunner;
import io.monitor.ingest.MentionPublisher;
import io.monitor.ingest.RetryPolicy;
import io.monitor.ingest.Sleeper;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import io.monitor.ingest.testing.InMemoryCursorStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How many Jetstream frames and brand mentions per second one Bluesky connector maps and publishes to a real broker.
 *
 * <p>Serves the recorded fixture's 152 frames over and over from a local WebSocket server, as {@code copies} copies
 * with fresh rkeys and increasing {@code time_us} (DERIVED frames; the post texts get " #benchbrand" appended so every
 * post matches), through {@link BlueskyConnector} + {@link ConnectorRunner} + {@link MentionPublisher} (acks=all,
 * idempotent), and prints a report. Run (after {@code ./mvnw -o -pl monitor-ingest test-compile}):
 *
 * <pre>
 * java -cp monitor-ingest/target/test-classes:monitor-ingest/target/classes:$(cat cp.txt) \
 *     io.monitor.ingest.bluesky.BlueskyReplayBench [bootstrap|embedded] [copies]
 * </pre>
 */
public final class BlueskyReplayBench {
    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 && !args[0].equals("embedded") ? args[0]
                : io.monitor.broker.junit.SharedKafka.bootstrapServers();
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        TopicAdmin.ensureTopics(bootstrap);

        List<String> frames = new ArrayList<>();
        long t = 1_800_000_000_000_000L;
        int posts = 0;
        for (int c = 0; c < copies; c++) {
            for (String f : JetstreamReplay.FRAMES) {
                ObjectNode ev = (ObjectNode) Json.MAPPER.readTree(f);
                ev.put("time_us", t++);
                ObjectNode commit = (ObjectNode) ev.get("commit");
                if (commit != null && commit.has("rkey")) {
                    commit.put("rkey", commit.get("rkey").asText() + "b" + c);
                    if (commit.path("record").has("text")) {
                        ObjectNode rec = (ObjectNode) commit.get("record");
                        rec.put("text", rec.get("text").asText() + " #benchbrand");
                        if ("create".equals(commit.path("operation").asText())
                                && "app.bsky.feed.post".equals(commit.path("collection").asText())) {
                            posts++;
                        }
                    }
                }
                frames.add(ev.toString());
            }
        }
        long lastT = t - 1;
        BenchReplay server = new BenchReplay(frames);
        server.start();
        String url = server.url();

        SourceSettings s = new SourceSettings("bench", "bluesky", true, url, null, null, List.of(),
                Map.of("fetchWindow", "100ms", "maxBatch", 5000));
        BlueskyConnector connector = new BlueskyConnector(new SourceContext("bench", s,
                List.of(new BrandSettings("bench", "benchbrand", "#benchbrand", List.of())), Clock.systemUTC(),
                new HttpFetcher(Clock.systemUTC())));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemoryCursorStore cursors = new InMemoryCursorStore();
        try (MentionPublisher publisher = new MentionPublisher(bootstrap)) {
            ConnectorRunner runner = new ConnectorRunner(connector, publisher, cursors, RetryPolicy.DEFAULT,
                    Clock.systemUTC(), Sleeper.SYSTEM, registry);
            long t0 = System.nanoTime();
            Thread th = new Thread(runner, "bench");
            th.start();
            while (true) {
                String c = cursors.cursors.get("bench");
                if (c != null && BlueskyConnector.parseCursor(c).t() >= lastT) {
                    break;
                }
                Thread.sleep(5);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            th.interrupt();
            th.join(5000);
            double published = registry.counter("monitor.ingest.mentions.published", "platform", "bluesky",
                    "connector", "bench").count();
            System.out.printf("Bluesky replay bench: %d frames (%d post creates) in %.2f s%n", frames.size(), posts,
                    secs);
            System.out.printf("  frames/s:             %,.0f%n", frames.size() / secs);
            System.out.printf("  mentions published/s: %,.0f (%,.0f published, acks=all, idempotent)%n",
                    published / secs, published);
        } finally {
            connector.close();
            server.stop(1000);
        }
        System.exit(0);
    }

    /** Sends the given frames once per connection, honouring the cursor. */
    static final class BenchReplay extends org.java_websocket.server.WebSocketServer {
        private final List<String> frames;
        private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

        BenchReplay(List<String> frames) {
            super(new java.net.InetSocketAddress("127.0.0.1", 0));
            this.frames = frames;
        }

        String url() throws InterruptedException {
            started.await();
            return "ws://127.0.0.1:" + getPort();
        }

        @Override
        public void onOpen(org.java_websocket.WebSocket conn, org.java_websocket.handshake.ClientHandshake h) {
            String r = h.getResourceDescriptor();
            long cursor = r.contains("cursor=") ? Long.parseLong(r.replaceAll(".*cursor=", "").replaceAll("&.*", ""))
                    : 0;
            new Thread(() -> {
                for (String f : frames) {
                    if (JetstreamReplay.timeUs(f) >= cursor && conn.isOpen()) {
                        conn.send(f);
                    }
                }
            }).start();
        }

        @Override
        public void onClose(org.java_websocket.WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(org.java_websocket.WebSocket conn, String message) {
        }

        @Override
        public void onError(org.java_websocket.WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
