package io.monitor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.TestHttp.SseEvent;
import io.monitor.api.TestHttp.SseReader;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.IncidentEvent;
import io.monitor.core.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The production server ({@link ApiServer#create(io.monitor.core.config.MonitorSettings, String,
 * io.monitor.core.model.TimelineQuery, java.util.function.BooleanSupplier)}) against a real Kafka broker: alerts on
 * {@code Topics.ALERTS} become incidents on the API and the SSE stream, lifecycle actions go to
 * {@code Topics.INCIDENT_EVENTS} and come back after a restart. Each test uses its own alert labels, since the topics
 * are shared by every test of this JVM.
 */
@Timeout(90)
class ApiServerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static String bootstrap;
    private static KafkaProducer<String, Alert> alerts;
    private final List<ApiServer> servers = new ArrayList<>();

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

    private ApiServer startServer() {
        ApiServer s = ApiServer.create(Fixtures.settings(), bootstrap, null, () -> true);
        servers.add(s);
        s.start();
        await().atMost(WAIT).until(() -> TestHttp.get(s.port(), "/health/ready").status() == 200);
        return s;
    }

    private static Alert newAlert(String brand, String summary) {
        return Alert.firing(Map.of(Alert.LABEL_BRAND, brand, Alert.LABEL_RULE, "negative-spike",
                        "test", UUID.randomUUID().toString()), Map.of(Alert.ANNOTATION_SUMMARY, summary),
                Severity.CRITICAL, Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS));
    }

    private static void produce(Alert a) throws Exception {
        alerts.send(new ProducerRecord<>(Topics.ALERTS.name(), a.fingerprint(), a)).get(30, TimeUnit.SECONDS);
    }

    private static boolean listed(int port, String fingerprint) {
        JsonNode list = TestHttp.get(port, "/api/v1/incidents?limit=1000").json();
        for (JsonNode i : list.get("incidents")) {
            if (i.get("fingerprint").asText().equals(fingerprint)) {
                return true;
            }
        }
        return false;
    }

    /** The next "incident" event about {@code fingerprint}, skipping other tests' incidents. */
    private static SseEvent nextAbout(SseReader sse, String fingerprint) throws InterruptedException {
        while (true) {
            SseEvent e = sse.next();
            if (e.name().equals("incident") && e.json().at("/incident/fingerprint").asText().equals(fingerprint)) {
                return e;
            }
        }
    }

    @Test
    void anAlertProducedToKafkaIsListedAndPushedOnTheStream() throws Exception {
        ApiServer server = startServer();
        int port = server.port();
        try (SseReader sse = new SseReader(port, "/api/v1/incidents/stream")) {
            sse.nextComment();
            Alert a = newAlert("acme-bahn", "Negativ-Sturm um #zugausfall");
            produce(a);

            SseEvent pushed = nextAbout(sse, a.fingerprint());
            assertThat(pushed.json().get("change").asText()).isEqualTo("opened");
            assertThat(pushed.json().at("/incident/summary").asText()).isEqualTo("Negativ-Sturm um #zugausfall");
            await().atMost(WAIT).until(() -> listed(port, a.fingerprint()));

            produce(a.resolved(Instant.now().truncatedTo(ChronoUnit.MILLIS), null));
            assertThat(nextAbout(sse, a.fingerprint()).json().get("change").asText()).isEqualTo("resolved");
        }
    }

    @Test
    void aDashboardThatReconnectsWithLastEventIdReceivesTheAlertsItMissed() throws Exception {
        ApiServer server = startServer();
        int port = server.port();
        Alert first = newAlert("acme-bahn", "first");
        String lastSeen;
        try (SseReader sse = new SseReader(port, "/api/v1/incidents/stream")) {
            sse.nextComment();
            produce(first);
            lastSeen = nextAbout(sse, first.fingerprint()).id();
        }
        Alert missed = newAlert("fizzcola", "missed while offline");
        produce(missed);
        await().atMost(WAIT).until(() -> listed(port, missed.fingerprint()));

        try (SseReader again = new SseReader(port, "/api/v1/incidents/stream", "Last-Event-ID", lastSeen)) {
            SseEvent replayed = nextAbout(again, missed.fingerprint());
            assertThat(replayed.json().at("/incident/summary").asText()).isEqualTo("missed while offline");
        }
    }

    @Test
    void anAcknowledgementIsRecordedOnKafkaAndSurvivesARestart() throws Exception {
        Alert a = newAlert("acme-bahn", "Storm");
        produce(a);
        ApiServer first = startServer();
        await().atMost(WAIT).until(() -> listed(first.port(), a.fingerprint()));

        TestHttp.Response ack = TestHttp.post(first.port(), "/api/v1/incidents/" + a.fingerprint() + "/acknowledge",
                "{\"comment\":\"Pressestelle ist dran\"}");
        assertThat(ack.status()).as(ack.body()).isEqualTo(200);
        String eventId = ack.json().at("/event/eventId").asText();

        IncidentEvent onKafka = readEvent(eventId);
        assertThat(onKafka.type()).isEqualTo(IncidentEvent.Type.ACKNOWLEDGED);
        assertThat(onKafka.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(onKafka.text()).isEqualTo("Pressestelle ist dran");

        JsonNode detail = TestHttp.get(first.port(), "/api/v1/incidents/" + a.fingerprint()).json();
        assertThat(detail.at("/incident/state").asText()).isEqualTo("acknowledged");
        assertThat(detail.get("timeline")).hasSize(1);

        first.close();
        ApiServer restarted = startServer();
        JsonNode after = TestHttp.get(restarted.port(), "/api/v1/incidents/" + a.fingerprint()).json();
        assertThat(after.at("/incident/state").asText()).isEqualTo("acknowledged");
        assertThat(after.at("/timeline/0/eventId").asText()).isEqualTo(eventId);
        assertThat(after.at("/timeline/0/actor").asText()).isEqualTo("local");
    }

    @Test
    void anUnreadableAlertRecordIsSkippedAndLaterAlertsStillArrive() throws Exception {
        ApiServer server = startServer();
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.ALERTS.name(), "garbage".getBytes(StandardCharsets.UTF_8),
                    "{not an alert".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
        Alert good = newAlert("fizzcola", "after the garbage");
        produce(good);
        await().atMost(WAIT).until(() -> listed(server.port(), good.fingerprint()));
        assertThat(TestHttp.get(server.port(), "/metrics").body())
                .containsPattern("monitor_api_store_records_invalid_total [1-9]");
    }

    private static IncidentEvent readEvent(String eventId) {
        try (KafkaConsumer<String, IncidentEvent> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.INCIDENT_EVENTS.keySerde().deserializer(), Topics.INCIDENT_EVENTS.valueSerde().deserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.INCIDENT_EVENTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, IncidentEvent> r : c.poll(Duration.ofMillis(500))) {
                    if (eventId.equals(r.value().eventId())) {
                        assertThat(r.key()).isEqualTo(r.value().fingerprint());
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("event " + eventId + " not found on " + Topics.INCIDENT_EVENTS);
    }
}
