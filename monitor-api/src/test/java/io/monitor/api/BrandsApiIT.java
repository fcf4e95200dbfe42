package io.monitor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.TestHttp.Response;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.TokenSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.BrandDefinition;
import io.monitor.core.model.PlannedEvent;
import io.monitor.core.model.Severity;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Brand administration and planned events over real HTTP against a real broker: changes are written to
 * {@code monitor.brands} and {@code monitor.planned-events} (with who made them), every API instance serves them, they
 * survive a restart, and bad input or a too-low role changes nothing. Each test uses its own brand ids (suffix), since
 * the topics are shared by every test of this JVM.
 */
@Timeout(120)
class BrandsApiIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> ENV = Map.of("VIEWER", "v-1", "RESPONDER", "r-2", "ADMIN", "a-3");
    private static final String[] VIEWER = {"Authorization", "Bearer v-1"};
    private static final String[] RESPONDER = {"Authorization", "Bearer r-2"};
    private static final String[] ADMIN = {"Authorization", "Bearer a-3"};
    private static String bootstrap;
    private static KafkaProducer<String, Alert> alerts;
    private final List<ApiServer> servers = new ArrayList<>();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

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

    @AfterEach
    void closeServers() {
        servers.forEach(ApiServer::close);
    }

    /** A config brand of this test only, so that deleting it touches no other test. */
    private String configBrand() {
        return "cfg-" + suffix;
    }

    private ApiServer startServer() {
        MonitorSettings settings = new MonitorSettings(null, List.of(
                new BrandSettings(configBrand(), "Config Brand", "\"config brand\"", List.of())),
                null, null, null, new ApiSettings("127.0.0.1", 0, null, 16384, List.of(
                new TokenSettings("cm-wall", "viewer", "VIEWER"),
                new TokenSettings("jana", "responder", "RESPONDER"),
                new TokenSettings("ops", "admin", "ADMIN"))), null);
        ApiServer s = ApiServer.create(settings, bootstrap, null, () -> true, ENV::get);
        servers.add(s);
        s.start();
        await().atMost(WAIT).until(() -> TestHttp.get(s.port(), "/health/ready").status() == 200);
        return s;
    }

    // ------------------------------------------------------------------------------------------------ brands

    @Test
    void givenAnAdmin_whenABrandIsCreated_thenTheRecordNamesWhoAndEveryInstanceListsIt() {
        ApiServer a = startServer();
        ApiServer b = startServer();
        String id = "nordbahn-" + suffix;
        Response created = TestHttp.post(a.port(), "/api/v1/brands", "{\"id\":\"" + id + "\",\"name\":\"Nordbahn\","
                + "\"query\":\"(nordbahn OR #nordbahn) AND NOT \\\"bahnhof zoo\\\"\",\"hashtags\":[\"nordbahn\"]}", ADMIN);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/brands/" + id);
        assertThat(created.json().get("source").asText()).isEqualTo("api");
        assertThat(created.json().get("updatedBy").asText()).isEqualTo("ops");

        // The instance that wrote it lists it at once; the other one once it has read the topic back.
        assertThat(brandIds(a.port())).contains(configBrand(), id);
        await().atMost(WAIT).until(() -> brandIds(b.port()).contains(id));
        JsonNode onB = TestHttp.get(b.port(), "/api/v1/brands/" + id, VIEWER).json();
        assertThat(onB.get("query").asText()).isEqualTo("(nordbahn OR #nordbahn) AND NOT \"bahnhof zoo\"");
        assertThat(onB.get("activeIncidents").asInt()).isZero();

        BrandDefinition record = lastValue(Topics.BRANDS.name(), id, BrandDefinition.class);
        assertThat(record.updatedBy()).isEqualTo("ops");
        assertThat(record.deleted()).isFalse();
        assertThat(record.hashtags()).containsExactly("nordbahn");

        // Creating it again is a conflict; changing it on the other instance works and both serve the change.
        assertThat(TestHttp.post(b.port(), "/api/v1/brands", "{\"id\":\"" + id + "\",\"query\":\"x\"}", ADMIN).status())
                .isEqualTo(409);
        Response changed = send(b.port(), "PUT", "/api/v1/brands/" + id, "{\"name\":\"Nordbahn AG\",\"query\":"
                + "\"nordbahn\"}", ADMIN);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> TestHttp.get(a.port(), "/api/v1/brands/" + id, VIEWER).json()
                .get("name").asText().equals("Nordbahn AG"));
    }

    @Test
    void aBrokenQueryIs400WithItsPositionAndWhatWasExpectedAndNothingIsWritten() {
        ApiServer a = startServer();
        long before = endOffset(Topics.BRANDS.name());
        Response r = TestHttp.post(a.port(), "/api/v1/brands", "{\"id\":\"broken-" + suffix + "\",\"query\":"
                + "\"(acme OR #acme\"}", ADMIN);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("type").asText()).isEqualTo("urn:monitor:problem:bad-query");
        assertThat(p.get("position").asInt()).isEqualTo(14);
        assertThat(p.get("column").asInt()).isEqualTo(15);
        assertThat(p.get("expected").asText()).isEqualTo("')'");
        assertThat(p.get("detail").asText()).contains("column 15").contains("expected ')'");
        Response mixed = send(a.port(), "PUT", "/api/v1/brands/" + configBrand(), "{\"query\":\"a b OR c\"}", ADMIN);
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.json().get("expected").asText()).isEqualTo("parentheses");
        assertThat(endOffset(Topics.BRANDS.name())).isEqualTo(before);
        assertThat(TestHttp.get(a.port(), "/api/v1/brands/broken-" + suffix, VIEWER).status()).isEqualTo(404);
    }

    @Test
    void aViewerGets403OnEveryWriteAResponderMayDeclareEventsButNotChangeBrands() {
        ApiServer a = startServer();
        long before = endOffset(Topics.BRANDS.name());
        String body = "{\"id\":\"denied-" + suffix + "\",\"query\":\"x\"}";
        Response viewer = TestHttp.post(a.port(), "/api/v1/brands", body, VIEWER);
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.json().get("requiredRole").asText()).isEqualTo("admin");
        assertThat(TestHttp.post(a.port(), "/api/v1/brands", body, RESPONDER).status()).isEqualTo(403);
        assertThat(send(a.port(), "DELETE", "/api/v1/brands/" + configBrand(), null, RESPONDER).status()).isEqualTo(403);
        assertThat(TestHttp.post(a.port(), "/api/v1/brands", body).status()).isEqualTo(401);
        assertThat(endOffset(Topics.BRANDS.name())).isEqualTo(before);

        String event = eventBody(Instant.now().plus(Duration.ofDays(1)), Duration.ofHours(2), "MUTE");
        assertThat(TestHttp.post(a.port(), "/api/v1/brands/" + configBrand() + "/events", event, VIEWER).status())
                .isEqualTo(403);
        assertThat(TestHttp.post(a.port(), "/api/v1/brands/" + configBrand() + "/events", event, RESPONDER).status())
                .isEqualTo(201);
        JsonNode list = TestHttp.get(a.port(), "/api/v1/brands", VIEWER).json();
        assertThat(list.get("canEditBrands").asBoolean()).isFalse();
        assertThat(list.get("canDeclareEvents").asBoolean()).isFalse();
        assertThat(TestHttp.get(a.port(), "/api/v1/brands", RESPONDER).json().get("canDeclareEvents").asBoolean())
                .isTrue();
    }

    @Test
    void aDeletedConfigBrandStaysDeletedAfterARestartAndUnknownBrandsAre404() {
        ApiServer a = startServer();
        assertThat(send(a.port(), "DELETE", "/api/v1/brands/" + configBrand(), null, ADMIN).status()).isEqualTo(204);
        assertThat(brandIds(a.port())).doesNotContain(configBrand());
        BrandDefinition record = lastValue(Topics.BRANDS.name(), configBrand(), BrandDefinition.class);
        assertThat(record.deleted()).isTrue();
        assertThat(record.updatedBy()).isEqualTo("ops");
        a.close();

        ApiServer again = startServer(); // ready = the topics were read up to their end
        assertThat(brandIds(again.port())).doesNotContain(configBrand());
        assertThat(TestHttp.get(again.port(), "/api/v1/brands/" + configBrand(), VIEWER).status()).isEqualTo(404);
        assertThat(send(again.port(), "PUT", "/api/v1/brands/" + configBrand(), "{\"query\":\"x\"}", ADMIN).status())
                .isEqualTo(404);
        assertThat(send(again.port(), "DELETE", "/api/v1/brands/" + configBrand(), null, ADMIN).status()).isEqualTo(404);
        assertThat(TestHttp.get(again.port(), "/api/v1/brands/" + configBrand() + "/timeline", VIEWER).status())
                .isEqualTo(404);
        // A deleted id may be created again.
        assertThat(TestHttp.post(again.port(), "/api/v1/brands", "{\"id\":\"" + configBrand() + "\",\"query\":\"again\"}",
                ADMIN).status()).isEqualTo(201);
    }

    // ------------------------------------------------------------------------------------------------ events

    @Test
    void aPlannedEventIsDeclaredListedShownOnTheIncidentItCoversAndCancelledForEveryInstance() throws Exception {
        ApiServer a = startServer();
        ApiServer b = startServer();
        String brand = configBrand();
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Response declared = TestHttp.post(a.port(), "/api/v1/brands/" + brand + "/events",
                "{\"id\":\"launch-" + suffix + "\"," + eventBody(start, Duration.ofHours(3), "RAISE").substring(1), RESPONDER);
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
        assertThat(declared.json().get("status").asText()).isEqualTo("current");
        String id = declared.json().get("id").asText();
        assertThat(id).isEqualTo("launch-" + suffix);
        Response later = TestHttp.post(a.port(), "/api/v1/brands/" + brand + "/events",
                eventBody(Instant.now().plus(Duration.ofDays(3)), Duration.ofHours(1), "MUTE"), RESPONDER);
        assertThat(later.status()).as(later.body()).isEqualTo(201);

        // Both instances list both; the brand overview shows the current one and the upcoming one.
        await().atMost(WAIT).until(() -> TestHttp.get(b.port(), "/api/v1/brands/" + brand + "/events", VIEWER).json()
                .get("count").asInt() == 2);
        JsonNode overview = TestHttp.get(b.port(), "/api/v1/brands/" + brand, VIEWER).json();
        assertThat(overview.at("/currentEvents/0/id").asText()).isEqualTo(id);
        assertThat(overview.at("/upcomingEvents/0/id").asText()).isEqualTo(later.json().get("id").asText());
        assertThat(TestHttp.get(b.port(), "/api/v1/events?brand=" + brand + "&when=upcoming", VIEWER).json()
                .get("count").asInt()).isEqualTo(1);
        assertThat(TestHttp.get(b.port(), "/api/v1/events?when=soon", VIEWER).status()).isEqualTo(400);

        // An incident of the brand that started during the event says so.
        Alert alert = Alert.firing(Map.of(Alert.LABEL_BRAND, brand, Alert.LABEL_RULE, "negative-spike", "test", suffix),
                Map.of(Alert.ANNOTATION_SUMMARY, "storm during the launch"), Severity.WARNING,
                Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS));
        alerts.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.fingerprint(), alert)).get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> TestHttp.get(a.port(), "/api/v1/incidents/" + alert.fingerprint(), VIEWER)
                .status() == 200);
        JsonNode detail = TestHttp.get(a.port(), "/api/v1/incidents/" + alert.fingerprint(), VIEWER).json();
        assertThat(detail.at("/plannedEvents/0/id").asText()).isEqualTo(id);
        assertThat(detail.at("/plannedEvents/0/mode").asText()).isEqualTo("RAISE");
        assertThat(detail.get("plannedEvents")).hasSize(1);

        // A change on one instance, the cancel on the other: records on the topic, status everywhere.
        Response moved = send(b.port(), "PUT", "/api/v1/events/" + id,
                eventBody(start, Duration.ofHours(4), "RAISE"), RESPONDER);
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        Response cancelled = send(a.port(), "DELETE", "/api/v1/events/" + id, null, RESPONDER);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("end").asText()).isEqualTo(start.plus(Duration.ofHours(4)).toString());
        PlannedEvent record = lastValue(Topics.PLANNED_EVENTS.name(), id, PlannedEvent.class);
        assertThat(record.cancelled()).isTrue();
        assertThat(record.createdBy()).isEqualTo("jana");
        assertThat(record.end()).isEqualTo(start.plus(Duration.ofHours(4)));
        await().atMost(WAIT).until(() -> TestHttp.get(b.port(), "/api/v1/events/" + id, VIEWER).json()
                .get("status").asText().equals("cancelled"));
        assertThat(send(b.port(), "PUT", "/api/v1/events/" + id, eventBody(start, Duration.ofHours(1), "MUTE"),
                RESPONDER).status()).isEqualTo(409);
        assertThat(TestHttp.get(a.port(), "/api/v1/incidents/" + alert.fingerprint(), VIEWER).json()
                .get("plannedEvents")).isEmpty();
        assertThat(TestHttp.get(a.port(), "/api/v1/events/unknown-" + suffix, VIEWER).status()).isEqualTo(404);
    }

    @Test
    void invalidEventsAre400NamingTheFieldAndUnknownBrandsAre404() {
        ApiServer a = startServer();
        long before = endOffset(Topics.PLANNED_EVENTS.name());
        String path = "/api/v1/brands/" + configBrand() + "/events";
        Instant start = Instant.now().plus(Duration.ofDays(1));
        Response tooLong = TestHttp.post(a.port(), path, eventBody(start, Duration.ofDays(31), "MUTE"), RESPONDER);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("field").asText()).isEqualTo("end");
        Response backwards = TestHttp.post(a.port(), path, eventBody(start, Duration.ofHours(-1), "MUTE"), RESPONDER);
        assertThat(backwards.json().get("detail").asText()).contains("after start");
        Response noFactor = TestHttp.post(a.port(), path, eventBody(start, Duration.ofHours(1), "MUTE")
                .replace("MUTE", "RAISE"), RESPONDER);
        assertThat(noFactor.json().get("field").asText()).isEqualTo("thresholdFactor");
        assertThat(TestHttp.post(a.port(), "/api/v1/brands/nobody-" + suffix + "/events",
                eventBody(start, Duration.ofHours(1), "MUTE"), RESPONDER).status()).isEqualTo(404);
        assertThat(endOffset(Topics.PLANNED_EVENTS.name())).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String eventBody(Instant start, Duration length, String mode) {
        return "{\"title\":\"Launch\",\"start\":\"" + start + "\",\"end\":\"" + start.plus(length) + "\",\"mode\":\""
                + mode + "\"" + (mode.equals("RAISE") ? ",\"thresholdFactor\":3" : "") + "}";
    }

    private static Response send(int port, String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(TestHttp.uri(port, path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return TestHttp.send(b, headers);
    }

    private static List<String> brandIds(int port) {
        List<String> out = new ArrayList<>();
        TestHttp.get(port, "/api/v1/brands", VIEWER).json().get("brands").forEach(b -> out.add(b.get("id").asText()));
        return out;
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

    /** The newest value of {@code key} on {@code topic}, read from the beginning to the end offsets. */
    private static <T> T lastValue(String topic, String key, Class<T> type) {
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
            try {
                return io.monitor.core.json.Json.MAPPER.readValue(last, type);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
