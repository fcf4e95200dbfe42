package io.monitor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.monitor.api.TestHttp.Response;
import io.monitor.api.notify.WebhookSigner;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.ChannelSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.TokenSettings;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.ChannelDefinition;
import io.monitor.core.model.Severity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Notification channels changed at run time, over real HTTP against a real broker: a webhook channel created through
 * the API (its URL and signing secret in environment variables of the server, never in the request or on the topic)
 * gets the signed notification of the next incident from a local stand-in receiver's point of view; a changed routing
 * applies to the next incident; a deleted channel gets nothing more while a config channel (the control) still does.
 * Bad options are a 400 naming the field, lower roles a 403, and neither writes anything. Channel ids carry a
 * per-test suffix: they name consumer groups on the shared broker.
 */
@Timeout(120)
class ChannelsApiIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String SECRET = "whsec-" + UUID.randomUUID();
    private static final String[] VIEWER = {"Authorization", "Bearer v-1"};
    private static final String[] RESPONDER = {"Authorization", "Bearer r-2"};
    private static final String[] ADMIN = {"Authorization", "Bearer a-3"};
    private static String bootstrap;
    private static KafkaProducer<String, Alert> alerts;
    private final List<ApiServer> servers = new ArrayList<>();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private StandIn hook;
    private StandIn control;

    /** A webhook receiver: records every request (headers lower-cased) and answers 200. */
    static final class StandIn implements AutoCloseable {
        record Received(Map<String, String> headers, byte[] body) {
            String text() {
                return new String(body, StandardCharsets.UTF_8);
            }
        }

        final HttpServer server;
        final List<Received> received = new CopyOnWriteArrayList<>();

        StandIn() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                Map<String, String> h = new HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
                received.add(new Received(h, body));
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/monitor";
        }

        boolean got(Alert a) {
            return received.stream().anyMatch(r -> r.text().contains(a.fingerprint()));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

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
    void standIns() throws IOException {
        hook = new StandIn();
        control = new StandIn();
    }

    @AfterEach
    void stop() {
        servers.forEach(ApiServer::close);
        hook.close();
        control.close();
    }

    private Map<String, String> env() {
        return Map.of("VIEWER", "v-1", "RESPONDER", "r-2", "ADMIN", "a-3",
                "CM_HOOK_URL", hook.url(), "CM_HOOK_SECRET", SECRET,
                "CONTROL_URL", control.url(), "CONTROL_SECRET", "control-signing-secret", "SHORT_SECRET", "short");
    }

    private ApiServer startServer() {
        MonitorSettings base = Fixtures.settings();
        MonitorSettings settings = new MonitorSettings(null, base.brands(), null, null, null,
                new ApiSettings("127.0.0.1", 0, "https://monitor.example.com", 16384, List.of(
                        new TokenSettings("cm-wall", "viewer", "VIEWER"),
                        new TokenSettings("jana", "responder", "RESPONDER"),
                        new TokenSettings("ops", "admin", "ADMIN"))),
                // The control: a config channel that hears every incident, so "not delivered" below is not "slow".
                List.of(new ChannelSettings("control-" + suffix, "webhook", "CONTROL_URL", Severity.WARNING,
                        Map.of("secretEnv", "CONTROL_SECRET", "initialBackoff", "100ms", "maxBackoff", "400ms"))));
        ApiServer s = ApiServer.create(settings, bootstrap, null, () -> true, env()::get);
        servers.add(s);
        s.start();
        await().atMost(WAIT).until(() -> TestHttp.get(s.port(), "/health/ready").status() == 200);
        return s;
    }

    private String hookBody(String brandsJson) {
        return "\"type\":\"webhook\",\"urlEnv\":\"CM_HOOK_URL\",\"minSeverity\":\"warning\",\"options\":{"
                + "\"secretEnv\":\"CM_HOOK_SECRET\",\"brands\":" + brandsJson + ",\"timezone\":\"Europe/Berlin\","
                + "\"initialBackoff\":\"100ms\",\"maxBackoff\":\"400ms\"}}";
    }

    private static Alert newAlert(String brand) {
        return Alert.firing(Map.of(Alert.LABEL_BRAND, brand, Alert.LABEL_RULE, "negative-spike",
                        "test", UUID.randomUUID().toString()), Map.of(Alert.ANNOTATION_SUMMARY, "Negativ-Sturm"),
                Severity.CRITICAL, Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS));
    }

    private static void produce(Alert a) throws Exception {
        alerts.send(new ProducerRecord<>(Topics.ALERTS.name(), a.fingerprint(), a)).get(30, TimeUnit.SECONDS);
    }

    /** Produces {@code a} and waits until the control channel received it (so routing has decided about it). */
    private void incident(Alert a) throws Exception {
        produce(a);
        await().atMost(WAIT).until(() -> control.got(a));
        Thread.sleep(500); // the hook's sender runs on its own thread: give a wrong delivery the time to show
    }

    @Test
    void aWebhookChannelCreatedAtRunTimeGetsSignedNotificationsFollowsAChangedRoutingAndNothingAfterItsDeletion()
            throws Exception {
        ApiServer a = startServer();
        ApiServer b = startServer();
        String id = "oncall-" + suffix;

        // Timeline 1: created through the API, the next acme-bahn incident reaches the stand-in, signed.
        Response created = TestHttp.post(a.port(), "/api/v1/channels", "{\"id\":\"" + id + "\","
                + hookBody("[\"acme-bahn\"]"), ADMIN);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/channels/" + id);
        JsonNode view = created.json();
        assertThat(view.get("source").asText()).isEqualTo("api");
        assertThat(view.get("updatedBy").asText()).isEqualTo("ops");
        assertThat(view.get("urlEnv").asText()).isEqualTo("CM_HOOK_URL");
        assertThat(view.get("urlEnvSet").asBoolean()).isTrue();
        assertThat(view.get("secretEnvSet").asBoolean()).isTrue();
        assertThat(view.get("delivering").asBoolean()).isTrue();
        assertThat(created.body()).doesNotContain(hook.url()).doesNotContain(SECRET);
        byte[] record = lastValue(Topics.CHANNELS.name(), id);
        assertThat(new String(record, StandardCharsets.UTF_8)).doesNotContain(hook.url()).doesNotContain(SECRET);
        ChannelDefinition d = Json.MAPPER.readValue(record, ChannelDefinition.class);
        assertThat(d.updatedBy()).isEqualTo("ops");
        assertThat(d.deleted()).isFalse();
        assertThat(d.channel().options()).containsEntry("brands", List.of("acme-bahn"));
        // The other instance read it back and delivers too.
        await().atMost(WAIT).until(() -> TestHttp.get(b.port(), "/api/v1/channels/" + id, ADMIN).status() == 200);
        await().atMost(WAIT).until(() -> TestHttp.get(b.port(), "/api/v1/channels/" + id, ADMIN).json()
                .get("delivering").asBoolean());

        Alert first = newAlert("acme-bahn");
        produce(first);
        await().atMost(WAIT).until(() -> hook.got(first));
        StandIn.Received r = hook.received.stream().filter(x -> x.text().contains(first.fingerprint())).findFirst()
                .orElseThrow();
        assertThat(new WebhookSigner(SECRET).verify(r.headers().get("x-monitor-timestamp"),
                r.headers().get("x-monitor-signature"), r.body(), Instant.now(), Duration.ofMinutes(5)))
                .as("signed with the secret from CM_HOOK_SECRET").isTrue();
        assertThat(Json.MAPPER.readTree(r.body()).get("change").asText()).isEqualTo("opened");

        // Timeline 2: routed to fizzcola only (changed on the other instance): acme-bahn is no longer sent there.
        Response changed = send(b.port(), "PUT", "/api/v1/channels/" + id, "{" + hookBody("[\"fizzcola\"]"), ADMIN);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> TestHttp.get(a.port(), "/api/v1/channels/" + id, ADMIN).json()
                .at("/options/brands/0").asText().equals("fizzcola"));
        Alert acme = newAlert("acme-bahn");
        incident(acme);
        assertThat(hook.got(acme)).as("acme-bahn after routing to fizzcola only").isFalse();
        Alert fizz = newAlert("fizzcola");
        produce(fizz);
        await().atMost(WAIT).until(() -> hook.got(fizz)); // the restarted sender delivers

        // Timeline 3: deleted; the next fizzcola incident reaches the control only.
        assertThat(send(a.port(), "DELETE", "/api/v1/channels/" + id, null, ADMIN).status()).isEqualTo(204);
        assertThat(TestHttp.get(a.port(), "/api/v1/channels/" + id, ADMIN).status()).isEqualTo(404);
        assertThat(lastDefinition(id).deleted()).isTrue();
        await().atMost(WAIT).until(() -> TestHttp.get(b.port(), "/api/v1/channels/" + id, ADMIN).status() == 404);
        Alert afterDelete = newAlert("fizzcola");
        incident(afterDelete);
        assertThat(hook.got(afterDelete)).as("delivered to a deleted channel").isFalse();
        List<String> ids = new ArrayList<>();
        TestHttp.get(a.port(), "/api/v1/channels", ADMIN).json().get("channels")
                .forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).contains("control-" + suffix).doesNotContain(id);
    }

    @Test
    void aBadOptionOrAnUnsetUrlEnvIs400NamingTheFieldAndNothingIsWritten() {
        ApiServer a = startServer();
        long before = endOffset(Topics.CHANNELS.name());
        Response hours = TestHttp.post(a.port(), "/api/v1/channels", "{\"id\":\"bad-" + suffix + "\","
                + hookBody("[]").replace("\"timezone\"", "\"hours\":\"25:00-26:00\",\"timezone\""), ADMIN);
        assertThat(hours.status()).as(hours.body()).isEqualTo(400);
        assertThat(hours.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(hours.json().get("field").asText()).isEqualTo("options.hours");
        assertThat(hours.json().get("detail").asText()).contains("options.hours");

        Response unset = TestHttp.post(a.port(), "/api/v1/channels", "{\"id\":\"bad-" + suffix + "\","
                + hookBody("[]").replace("CM_HOOK_URL", "NOT_SET_ANYWHERE"), ADMIN);
        assertThat(unset.status()).as(unset.body()).isEqualTo(400);
        assertThat(unset.json().get("field").asText()).isEqualTo("urlEnv");
        assertThat(unset.json().get("detail").asText()).contains("NOT_SET_ANYWHERE");

        Response brand = TestHttp.post(a.port(), "/api/v1/channels", "{\"id\":\"bad-" + suffix + "\","
                + hookBody("[\"no-such-brand\"]"), ADMIN);
        assertThat(brand.status()).as(brand.body()).isEqualTo(400);
        assertThat(brand.json().get("field").asText()).isEqualTo("options.brands");

        Response secret = TestHttp.post(a.port(), "/api/v1/channels", "{\"id\":\"bad-" + suffix + "\","
                + hookBody("[]").replace("CM_HOOK_SECRET", "SHORT_SECRET"), ADMIN);
        assertThat(secret.status()).as(secret.body()).isEqualTo(400);
        assertThat(secret.json().get("field").asText()).isEqualTo("options.secretEnv");
        assertThat(secret.body()).doesNotContain("\"short\"");

        assertThat(endOffset(Topics.CHANNELS.name())).isEqualTo(before);
        assertThat(TestHttp.get(a.port(), "/api/v1/channels/bad-" + suffix, ADMIN).status()).isEqualTo(404);
    }

    @Test
    void viewersAndRespondersGet403OnEveryChannelRouteReadingIncluded() {
        ApiServer a = startServer();
        long before = endOffset(Topics.CHANNELS.name());
        String control = "/api/v1/channels/control-" + suffix;
        for (String[] token : List.of(VIEWER, RESPONDER)) {
            assertThat(TestHttp.get(a.port(), "/api/v1/channels", token).status()).isEqualTo(403);
            assertThat(TestHttp.get(a.port(), control, token).status()).isEqualTo(403);
            assertThat(TestHttp.post(a.port(), "/api/v1/channels", "{\"id\":\"x-" + suffix + "\","
                    + hookBody("[]"), token).status()).isEqualTo(403);
            assertThat(send(a.port(), "PUT", control, "{" + hookBody("[]"), token).status()).isEqualTo(403);
            assertThat(send(a.port(), "DELETE", control, null, token).status()).isEqualTo(403);
        }
        assertThat(endOffset(Topics.CHANNELS.name())).isEqualTo(before);
        // Positive control: the admin reads it, config channel as it is in the file.
        JsonNode c = TestHttp.get(a.port(), control, ADMIN).json();
        assertThat(c.get("source").asText()).isEqualTo("config");
        assertThat(c.get("urlEnvSet").asBoolean()).isTrue();
        assertThat(c.get("delivering").asBoolean()).isTrue();
    }

    @Test
    void aCreatedChannelAndTheDeletionOfAConfigChannelSurviveARestart() throws Exception {
        ApiServer first = startServer();
        String id = "restart-" + suffix;
        assertThat(TestHttp.post(first.port(), "/api/v1/channels", "{\"id\":\"" + id + "\"," + hookBody("[]"), ADMIN)
                .status()).isEqualTo(201);
        assertThat(send(first.port(), "DELETE", "/api/v1/channels/control-" + suffix, null, ADMIN).status())
                .isEqualTo(204);
        first.close();
        servers.remove(first);

        // Same config file (with the control channel), but the topic says: control deleted, restart-... created.
        ApiServer second = startServer();
        List<String> ids = new ArrayList<>();
        TestHttp.get(second.port(), "/api/v1/channels", ADMIN).json().get("channels")
                .forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).contains(id).doesNotContain("control-" + suffix);
        assertThat(TestHttp.get(second.port(), "/api/v1/channels/" + id, ADMIN).json().get("delivering").asBoolean())
                .isTrue();
        Alert a = newAlert("acme-bahn");
        produce(a);
        await().atMost(WAIT).until(() -> hook.got(a));
        Thread.sleep(500);
        assertThat(control.got(a)).as("delivered to a config channel deleted before the restart").isFalse();
        assertThat(send(second.port(), "DELETE", "/api/v1/channels/" + id, null, ADMIN).status()).isEqualTo(204);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Response send(int port, String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(TestHttp.uri(port, path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return TestHttp.send(b, headers);
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static long endOffset(String topic) {
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static ChannelDefinition lastDefinition(String id) throws IOException {
        return Json.MAPPER.readValue(lastValue(Topics.CHANNELS.name(), id), ChannelDefinition.class);
    }

    /** The newest value bytes of {@code key} on {@code topic}, read from the beginning to the end offsets. */
    private static byte[] lastValue(String topic, String key) {
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            byte[] last = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading " + topic).isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        last = r.value();
                    }
                }
            }
            assertThat(last).as("a record of " + key + " on " + topic).isNotNull();
            return last;
        }
    }
}
