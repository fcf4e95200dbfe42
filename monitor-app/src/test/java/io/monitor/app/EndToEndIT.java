package io.monitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.ApiServer;
import io.monitor.broker.junit.KafkaBootstrap;
import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DetectionSettings;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.streams.StreamsService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The skeleton's one path, end to end on a real broker: mentions produced to the raw topic come out as an alert
 * that the HTTP API lists and the SSE stream delivers. The same Streams service and API server the executable runs.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class EndToEndIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aBurstOfNegativeMentionsOnTheRawTopicBecomesAnAlertOnTheApiAndTheLiveStream(
            @KafkaBootstrap String bootstrap, @TempDir Path dataDir) throws Exception {
        String brand = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String term = brand.replace("-", "");
        MonitorSettings settings = new MonitorSettings(
                new KafkaSettings(bootstrap, dataDir, 0, 1, true, "monitor-e2e-" + brand),
                List.of(new BrandSettings(brand, "E2E Brand", term + " OR #" + term, List.of(term))),
                null,
                new DetectionSettings(Duration.ofMinutes(1), Duration.ofSeconds(10), 30, 5, 3.0, Duration.ZERO,
                        Duration.ofMinutes(3), Duration.ofHours(2), Duration.ofMinutes(20), null, null),
                null,
                new ApiSettings("127.0.0.1", 0, null, null, null),
                null);
        TopicAdmin.ensureTopics(bootstrap);

        try (StreamsService streams = StreamsService.start(settings, bootstrap);
             ApiServer api = ApiServer.create(settings, bootstrap, streams.timelines(), streams::isReady).start()) {
            String base = "http://127.0.0.1:" + api.port();
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.isReady());

            // Live stream opened before the storm: it must deliver the alert as it happens.
            List<String> sse = new CopyOnWriteArrayList<>();
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/incidents/stream")).build(),
                    HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(sse::add));

            // t-15 min .. t-1 min: a quiet baseline, one neutral and at most one negative mention a minute.
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            try (KafkaProducer<String, Mention> producer = producer(bootstrap)) {
                int n = 0;
                for (int minute = 15; minute >= 1; minute--) {
                    Instant at = now.minus(Duration.ofMinutes(minute));
                    send(producer, mention(brand + "-q" + n++, "Neuer Fahrplan von " + term + " ist online", at));
                    if (minute % 3 == 0) {
                        send(producer, mention(brand + "-q" + n++, "Leider wieder Verspätung bei " + term, at.plusSeconds(20)));
                    }
                }
                // t: a storm of clearly negative posts within half a minute.
                for (int i = 0; i < 40; i++) {
                    send(producer, mention(brand + "-s" + i, "Absolut katastrophal, " + term
                            + " hat mein Geld gestohlen, furchtbar und enttäuschend! #" + term + "chaos",
                            now.plusMillis(500L * i)));
                }
                producer.flush();
            }

            JsonNode incident = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> firstIncident(base, brand), n -> n != null);
            assertThat(incident.path("brand").asText()).isEqualTo(brand);
            String fingerprint = incident.path("fingerprint").asText();
            assertThat(fingerprint).isNotBlank();

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> sse.stream().anyMatch(line -> line.startsWith("data:") && line.contains(fingerprint)));
            assertThat(sse).anyMatch(line -> line.startsWith("id:"));

            HttpResponse<String> detail = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/incidents/" + fingerprint)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(detail.statusCode()).isEqualTo(200);
            assertThat(detail.body()).contains(brand);

            // The alert can fire while the rest of the storm is still being processed: the timeline converges.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(timelineVolume(base, brand))
                            .as("every matched mention is counted once in the 1-minute timeline").isEqualTo(15 + 5 + 40));
        }
    }

    private long timelineVolume(String base, String brand) throws Exception {
        HttpResponse<String> timeline = http.send(HttpRequest.newBuilder(
                URI.create(base + "/api/v1/brands/" + brand + "/timeline")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(timeline.statusCode()).isEqualTo(200);
        long volume = 0;
        for (JsonNode p : Json.MAPPER.readTree(timeline.body()).path("points")) {
            volume += p.path("volume").asLong();
        }
        return volume;
    }

    private JsonNode firstIncident(String base, String brand) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/incidents?brand=" + brand))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return null;
        }
        JsonNode list = Json.MAPPER.readTree(r.body()).path("incidents");
        return list.isArray() && list.size() > 0 ? list.get(0) : null;
    }

    private static KafkaProducer<String, Mention> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                Topics.MENTIONS_RAW.keySerde().serializer(), Topics.MENTIONS_RAW.valueSerde().serializer());
    }

    private static void send(KafkaProducer<String, Mention> producer, Mention m) {
        producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), null, m.createdAt().toEpochMilli(), m.key(), m));
    }

    private static Mention mention(String id, String text, Instant at) {
        return new Mention(Mention.SCHEMA_VERSION, "demo", id, "https://example.org/" + id,
                new Mention.Author("u-" + id, "user_" + id, "User " + id, 100), text, null, at, at,
                Mention.Engagement.NONE, null, null, null, List.of(), null);
    }

}
