package io.monitor.ingest.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.ingest.SeenWindowCursor;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import io.monitor.ingest.testing.FaultRun;
import io.monitor.ingest.testing.TopicReader;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Bluesky connector (a streaming connector: Jetstream over a WebSocket, cursor {@code time_us}) over a whole run
 * against a local Jetstream that misbehaves per connection on a seeded random schedule, on a real broker through the
 * real runner, publisher and Kafka cursor store.
 *
 * <p>The run: the 152 recorded Jetstream frames played twelve times (DERIVED: each round gives every frame a new rkey
 * and a later {@code time_us}, 20 ms apart), so 72 posts match the brands among about 1,800 other events. Each
 * connection (the first five play each kind once, in a seeded order), chosen at random: the handshake is refused; the connection drops after some frames; it stalls
 * (open, silent) longer than the connector's idle timeout; a garbage (non-JSON) frame comes in between; or it
 * behaves. A refusal never follows a refusal. Kafka's acknowledgement is lost now and then
 * ({@link FaultRun.FlakyAcks}), and a third of the way the ingest process restarts from its cursor in Kafka. Then:
 * every matching post is on the raw topic exactly once plus one copy per lost acknowledgement; no cursor ran ahead of
 * an acknowledgement; the runner never gave up; every garbage frame the connector read is a dead letter with the
 * reason. Seed: {@code -Dfaults.seed=N} (default 42).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BlueskyWholeRunFaultsIT {
    private static final int ROUNDS = 12;
    /** Starts every derived rkey, so that other tests on the shared broker can tell these posts from theirs. */
    static final String WHOLE_RUN = "wholerun";
    private static final long STEP_US = 20_000;
    private static final String GARBAGE = "<<not json: a proxy error page instead of a Jetstream event>>";

    @Test
    void givenRefusalsDropsStallsAndGarbageFrames_whenAWholeRunIsStreamed_thenEveryPostArrivesAndTheCursorNeverRunsAhead()
            throws Exception {
        long seed = Long.getLong("faults.seed", 42L);
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String sourceId = "bsky-faults-" + run;

        long t0 = 1_790_000_000_000_000L;
        List<String> frames = new ArrayList<>();
        java.util.Set<String> expected = new java.util.HashSet<>();
        java.util.Set<String> matching = Set.copyOf(BlueskyConnectorTest.EXPECTED);
        int n = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (String recorded : JetstreamReplay.FRAMES) {
                ObjectNode f = (ObjectNode) Json.MAPPER.readTree(recorded);
                String original = f.path("did").asText() + "/" + f.path("commit").path("rkey").asText();
                f.put("time_us", t0 + STEP_US * n++);
                if (f.path("commit").isObject()) {
                    ((ObjectNode) f.path("commit")).put("rkey", WHOLE_RUN + run + "r" + round + "-"
                            + f.path("commit").path("rkey").asText());
                }
                if (matching.contains(original)) {
                    expected.add(BlueskyConnector.PLATFORM + ":" + f.path("did").asText() + "/"
                            + f.path("commit").path("rkey").asText());
                }
                frames.add(f.toString());
            }
        }
        assertThat(expected).hasSize(6 * ROUNDS);

        FaultyJetstream jetstream = new FaultyJetstream(frames, new Random(seed));
        jetstream.start();
        SourceSettings s = new SourceSettings(sourceId, "bluesky", true, jetstream.url(), null, null, List.of(),
                Map.of("fetchWindow", "100ms", "idleTimeout", "1s", "rewind", "1s"));
        Clock clock = Clock.systemUTC();
        FaultRun.FlakyAcks acks = new FaultRun.FlakyAcks(seed, 0.25);
        FaultRun.CheckedCursors cursors = new FaultRun.CheckedCursors(acks, BlueskyWholeRunFaultsIT::keysOf);
        String prefix = BlueskyConnector.PLATFORM + ":";
        try (TopicReader<String, Mention> raw = new TopicReader<>(bootstrap, Topics.MENTIONS_RAW);
             TopicReader<String, ConnectorHealth> health = new TopicReader<>(bootstrap, Topics.CONNECTOR_HEALTH);
             TopicReader<String, DeadLetter> dead = new TopicReader<>(bootstrap, Topics.DEAD_LETTERS)) {
            try (FaultRun.Process first = new FaultRun.Process(bootstrap, connector(s, clock), acks, cursors)) {
                raw.readUntil(r -> ours(r, expected) >= expected.size() / 3, Duration.ofSeconds(30));
            }
            try (FaultRun.Process second = new FaultRun.Process(bootstrap, connector(s, clock), acks, cursors)) {
                raw.readUntil(r -> FaultRun.copies(r, prefix).keySet().containsAll(expected), Duration.ofSeconds(45));
                // a lost acknowledgement is retried: wait until every post was acknowledged, then see what came
                acks.awaitAcked(expected, Duration.ofSeconds(30));
                raw.readUntil(r -> acks.allCopiesIn(FaultRun.copies(r, prefix), expected), Duration.ofSeconds(15));
                raw.readFor(Duration.ofSeconds(1));
            }
            // every heartbeat up to the second process's last ("stopped"), so that a DOWN would be seen
            health.readUntil(r -> FaultRun.stops(r, sourceId) >= 2, Duration.ofSeconds(20));

            Map<String, Integer> copies = FaultRun.copies(raw.records, prefix);
            copies.keySet().retainAll(keysOfRun(copies.keySet(), run));
            FaultRun.assertDelivered(expected, copies, acks, cursors, health.records, sourceId);
            System.out.printf("bluesky whole run (seed %d): %d connections %s, %d lost acks, %d cursors stored%n",
                    seed, jetstream.log.size(), jetstream.log.stream().collect(Collectors.groupingBy(x -> x,
                            Collectors.counting())), acks.lostBatches, cursors.saved.size());
            assertThat(jetstream.log).as("the schedule exercised every fault")
                    .contains("refused", "drop", "stall", "garbage", "ok");
            assertThat(acks.lostBatches).as("lost acknowledgements in this run").isPositive();
            dead.readUntil(r -> !FaultRun.deadLetters(r, sourceId).isEmpty(), Duration.ofSeconds(20));
            List<DeadLetter> letters = FaultRun.deadLetters(dead.records, sourceId);
            assertThat(letters).as("garbage frames dead-lettered").isNotEmpty()
                    .hasSizeLessThanOrEqualTo(jetstream.garbageSent.get());
            assertThat(letters).allSatisfy(d -> {
                assertThat(d.reason()).contains("Jetstream frame is not JSON");
                assertThat(d.value()).isEqualTo(GARBAGE);
            });
        } finally {
            jetstream.stop(1000);
        }
    }

    private static BlueskyConnector connector(SourceSettings s, Clock clock) {
        return new BlueskyConnector(new SourceContext("ingest.sources[0]", s, BlueskyConnectorTest.BRANDS, clock,
                new HttpFetcher(clock)), HttpClient.newHttpClient());
    }

    private static long ours(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, Mention>> r,
                             Set<String> expected) {
        return FaultRun.copies(r, BlueskyConnector.PLATFORM + ":").keySet().stream().filter(expected::contains).count();
    }

    /** Keys of this run (their rkey carries the run id); other tests on the shared broker publish Bluesky posts too. */
    private static Set<String> keysOfRun(Set<String> keys, String run) {
        return keys.stream().filter(k -> k.contains(run)).collect(Collectors.toSet());
    }

    /** The mention keys a Bluesky cursor counts as done. */
    static Set<String> keysOf(String cursor) {
        return SeenWindowCursor.parse(cursor, "recent", BlueskyConnector.PLATFORM).seen().keySet().stream()
                .map(id -> BlueskyConnector.PLATFORM + ":" + id).collect(Collectors.toSet());
    }

    /**
     * A local Jetstream replaying {@code frames} from the {@code cursor} query parameter on every connection, with
     * one seeded fault (or none) per connection; {@link #log} names them in order.
     */
    static final class FaultyJetstream extends WebSocketServer {
        private final List<String> frames;
        private final Random random;
        private final CountDownLatch started = new CountDownLatch(1);
        private final Map<WebSocket, String> planned = new ConcurrentHashMap<>();
        final List<String> log = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger garbageSent = new java.util.concurrent.atomic.AtomicInteger();
        private boolean lastRefused;
        private final List<String> firstKinds = new ArrayList<>(List.of("refused", "drop", "stall", "garbage", "ok"));

        FaultyJetstream(List<String> frames, Random random) {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
            this.frames = frames;
            this.random = random;
        }

        String url() throws InterruptedException {
            started.await(10, TimeUnit.SECONDS);
            return "ws://127.0.0.1:" + getPort();
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                ClientHandshake request) throws InvalidDataException {
            String fault;
            synchronized (this) {
                if (log.isEmpty()) {
                    // the first connections play every kind once, in a seeded order; then chance decides
                    java.util.Collections.shuffle(firstKinds, random);
                }
                double p = random.nextDouble();
                fault = log.size() < firstKinds.size() ? firstKinds.get(log.size())
                        : p < 0.15 ? "refused" : p < 0.45 ? "drop" : p < 0.6 ? "stall" : p < 0.85 ? "garbage" : "ok";
                if (fault.equals("refused") && lastRefused) {
                    fault = "ok";
                }
                lastRefused = fault.equals("refused");
                log.add(fault);
            }
            if (fault.equals("refused")) {
                throw new InvalidDataException(CloseFrame.TRY_AGAIN_LATER, "overloaded (refused by the test)");
            }
            planned.put(conn, fault);
            return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            String resource = handshake.getResourceDescriptor();
            long cursor = 0;
            int c = resource.indexOf("cursor=");
            if (c >= 0) {
                cursor = Long.parseLong(resource.substring(c + 7).replaceAll("&.*", ""));
            }
            String fault = planned.remove(conn);
            int at;
            synchronized (this) {
                // garbage early in the connection, so that it is read before a reconnect clears the connector's queue
                at = "garbage".equals(fault) ? random.nextInt(20) : 5 + random.nextInt(600);
            }
            long from = cursor;
            Thread sender = new Thread(() -> send(conn, from, fault, at), "faulty-jetstream");
            sender.setDaemon(true);
            sender.start();
        }

        private void send(WebSocket conn, long cursor, String fault, int at) {
            int sent = 0;
            try {
                for (String f : frames) {
                    if (JetstreamReplay.timeUs(f) < cursor) {
                        continue;
                    }
                    if (!conn.isOpen()) {
                        return;
                    }
                    if (sent == at) {
                        switch (fault) {
                            case "drop" -> {
                                Thread.sleep(100); // what was sent is on the wire
                                conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the test");
                                return;
                            }
                            case "stall" -> {
                                return; // open and silent until the client gives up on it
                            }
                            case "garbage" -> {
                                conn.send(GARBAGE);
                                garbageSent.incrementAndGet();
                            }
                            default -> { }
                        }
                    }
                    conn.send(f);
                    sent++;
                    if (sent % 10 == 0) {
                        Thread.sleep(10);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (org.java_websocket.exceptions.WebsocketNotConnectedException e) {
                // the client went away
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
