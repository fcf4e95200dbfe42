package io.monitor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.ChannelSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Severity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Delivery through the Kafka outbox with the production server ({@link ApiServer#create(MonitorSettings, String,
 * io.monitor.core.model.TimelineQuery, java.util.function.BooleanSupplier, java.util.function.Function)}) on a real
 * broker, against a local HTTP server standing in for Slack: an endpoint that is down for a while gets everything once
 * it is back, in order per incident, and a restart of the API server neither loses nor repeats a delivery.
 */
@Timeout(120)
class NotificationDeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static String bootstrap;
    private static KafkaProducer<String, Alert> alerts;

    /** A Slack stand-in: answers {@link #status}; records the messages it accepted. */
    static final class SlackStandIn implements AutoCloseable {
        final HttpServer server;
        final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
        final AtomicInteger refused = new AtomicInteger();
        volatile int status = 200;

        SlackStandIn() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/services/hook", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                int s = status;
                if (s == 200) {
                    accepted.add(Json.MAPPER.readTree(body));
                } else {
                    refused.incrementAndGet();
                }
                byte[] answer = (s == 200 ? "ok" : "service unavailable").getBytes();
                ex.sendResponseHeaders(s, answer.length);
                ex.getResponseBody().write(answer);
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/hook";
        }

        /** "fingerprint what-happened" of each accepted message, in order. */
        List<String> log() {
            List<String> out = new ArrayList<>();
            for (JsonNode m : accepted) {
                JsonNode blocks = m.get("blocks");
                String fp = blocks.get(blocks.size() - 1).at("/elements/0/text").asText()
                        .replace("monitor · incident ", "");
                String title = blocks.get(0).at("/text/text").asText(); // ":red_circle: Acme Bahn: New incident"
                out.add(fp + " " + title.substring(title.lastIndexOf(": ") + 2));
            }
            return out;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private final List<ApiServer> servers = new ArrayList<>();
    private SlackStandIn slack;
    private String channel;

    @BeforeAll
    static void broker() {
        bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        alerts = Fixtures.alertProducer(bootstrap);
    }

    @AfterAll
    static void closeProducer() {
        if (alerts != null) {
            alerts.close(Duration.ofSeconds(5));
        }
    }

    @BeforeEach
    void standIn() throws IOException {
        slack = new SlackStandIn();
        channel = "cm-slack-" + UUID.randomUUID().toString().substring(0, 8); // also names the consumer group
    }

    @AfterEach
    void stop() {
        servers.forEach(ApiServer::close);
        slack.close();
    }

    private ApiServer startServer() {
        MonitorSettings base = Fixtures.settings();
        MonitorSettings settings = new MonitorSettings(null, base.brands(), null, null, null,
                new ApiSettings("127.0.0.1", 0, "https://monitor.example.com", 4096, List.of()),
                List.of(new ChannelSettings(channel, "slack", "SLACK_URL", Severity.WARNING, Map.of(
                        "initialBackoff", "100ms", "maxBackoff", "400ms", "maxAttempts", "30"))));
        ApiServer s = ApiServer.create(settings, bootstrap, null, () -> true,
                Map.of("SLACK_URL", slack.url())::get);
        servers.add(s);
        s.start();
        await().atMost(WAIT).until(() -> TestHttp.get(s.port(), "/health/ready").status() == 200);
        return s;
    }

    private static Alert newAlert() {
        return Alert.firing(Map.of(Alert.LABEL_BRAND, "acme-bahn", Alert.LABEL_RULE, "negative-spike",
                        "test", UUID.randomUUID().toString()), Map.of(Alert.ANNOTATION_SUMMARY, "Negativ-Sturm"),
                Severity.CRITICAL, Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS));
    }

    private static void produce(Alert a) throws Exception {
        alerts.send(new ProducerRecord<>(Topics.ALERTS.name(), a.fingerprint(), a)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void anEndpointThatIsDownForAWhileGetsEverythingOnceItIsBackInOrderPerIncident() throws Exception {
        slack.status = 503;
        ApiServer server = startServer();
        Alert a = newAlert();
        Alert b = newAlert();
        produce(a);
        produce(b);
        await().atMost(WAIT).until(() -> server.incidents().contains(a.fingerprint())
                && server.incidents().contains(b.fingerprint()));
        for (Alert x : List.of(a, b)) {
            assertThat(TestHttp.post(server.port(), "/api/v1/incidents/" + x.fingerprint() + "/acknowledge", "{}")
                    .status()).isEqualTo(200);
        }
        Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        produce(a.resolved(end, null));
        produce(b.resolved(end, null));
        await().atMost(WAIT).until(() -> slack.refused.get() >= 4); // retried while down
        assertThat(slack.accepted).isEmpty();

        slack.status = 200;
        await().atMost(WAIT).until(() -> slack.accepted.size() >= 6);
        Thread.sleep(1000); // nothing may follow
        List<String> log = slack.log();
        assertThat(log).hasSize(6);
        assertThat(log.stream().filter(l -> l.startsWith(a.fingerprint())).toList()).containsExactly(
                a.fingerprint() + " New incident", a.fingerprint() + " Acknowledged by local",
                a.fingerprint() + " Resolved");
        assertThat(log.stream().filter(l -> l.startsWith(b.fingerprint())).toList()).containsExactly(
                b.fingerprint() + " New incident", b.fingerprint() + " Acknowledged by local",
                b.fingerprint() + " Resolved");
    }

    @Test
    void aRestartNeitherLosesAPendingDeliveryNorRepeatsACommittedOne() throws Exception {
        ApiServer first = startServer();
        Alert delivered = newAlert();
        produce(delivered);
        await().atMost(WAIT).until(() -> slack.accepted.size() == 1); // delivered and committed

        slack.status = 503;
        Alert pending = newAlert();
        produce(pending);
        await().atMost(WAIT).until(() -> slack.refused.get() >= 2); // in the outbox, failing
        first.close();
        servers.remove(first);

        slack.status = 200;
        startServer();
        await().atMost(WAIT).until(() -> slack.accepted.size() >= 2);
        Thread.sleep(1500); // a repeated delivery would arrive now
        assertThat(slack.log()).containsExactly(delivered.fingerprint() + " New incident",
                pending.fingerprint() + " New incident");
    }
}
