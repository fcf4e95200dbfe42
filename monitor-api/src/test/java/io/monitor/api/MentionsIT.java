package io.monitor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Recent mentions on the production server against a real broker: enriched mentions produced to
 * {@code Topics.MENTIONS_ENRICHED} before the server starts (inside the look-back) and while it runs come back
 * through {@code GET /api/v1/brands/{brand}/mentions}, newest first and filtered; an unreadable record between them
 * is skipped without stopping the feed. The run uses its own platform name, since the topic is shared by the JVM.
 */
@Timeout(90)
class MentionsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void enrichedMentionsOnKafkaAreServedNewestFirstAndUnreadableRecordsAreSkipped() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String platform = "it" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Mention> mentions = new KafkaProducer<>(config,
                Topics.MENTIONS_ENRICHED.keySerde().serializer(), Topics.MENTIONS_ENRICHED.valueSerde().serializer());
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(config, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            // Before the server starts: read back through the look-back window.
            send(mentions, "acme-bahn", mention(platform, "b1", "de", Sentiment.Label.NEGATIVE, t0.plusSeconds(1)));
            send(mentions, "acme-bahn", mention(platform, "b2", "en", Sentiment.Label.POSITIVE, t0.plusSeconds(2)));
            send(mentions, "fizzcola", mention(platform, "f1", "de", Sentiment.Label.NEGATIVE, t0.plusSeconds(3)));
            raw.send(new ProducerRecord<>(Topics.MENTIONS_ENRICHED.name(), "acme-bahn".getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();

            try (ApiServer server = ApiServer.create(Fixtures.settings(), bootstrap, null, () -> true)) {
                server.start();
                int port = server.port();
                String url = "/api/v1/brands/acme-bahn/mentions?platform=" + platform;
                await().atMost(WAIT).until(() -> ids(TestHttp.get(port, url).json()).size() == 2);

                // While it runs: new posts show up at the top.
                send(mentions, "acme-bahn", mention(platform, "b3", "de", Sentiment.Label.NEGATIVE, t0.plusSeconds(30)));
                send(mentions, "acme-bahn", mention(platform, "b4", "de", Sentiment.Label.NEUTRAL, t0.plusSeconds(40)));
                await().atMost(WAIT).until(() -> ids(TestHttp.get(port, url).json()).size() == 4);

                JsonNode all = TestHttp.get(port, url).json();
                assertThat(ids(all)).containsExactly("b4", "b3", "b2", "b1");
                assertThat(all.get("complete").asBoolean()).isTrue();
                assertThat(ids(TestHttp.get(port, url + "&sentiment=negative&language=de").json()))
                        .containsExactly("b3", "b1");
                assertThat(ids(TestHttp.get(port, "/api/v1/brands/fizzcola/mentions?platform=" + platform).json()))
                        .containsExactly("f1");
                JsonNode page1 = TestHttp.get(port, url + "&limit=3").json();
                assertThat(ids(page1)).containsExactly("b4", "b3", "b2");
                assertThat(ids(TestHttp.get(port, url + "&limit=3&before=" + page1.get("nextCursor").asText()).json()))
                        .containsExactly("b1");
                assertThat(server.meterRegistry().scrape()).containsPattern("monitor_api_mentions_records_invalid_total [1-9]");
            }
        }
    }

    private static void send(KafkaProducer<String, Mention> p, String brand, Mention m) throws Exception {
        p.send(new ProducerRecord<>(Topics.MENTIONS_ENRICHED.name(), brand, m)).get();
    }

    private static Mention mention(String platform, String id, String lang, Sentiment.Label label, Instant at) {
        return new Mention(Mention.SCHEMA_VERSION, platform, id, null,
                new Mention.Author(id, id + ".example", null, 10), "post " + id, lang, at, at, null, null, null, null,
                List.of(), new Sentiment(label == Sentiment.Label.NEGATIVE ? -0.6 : 0.2, label, 0.7));
    }

    private static List<String> ids(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("mentions").forEach(m -> out.add(m.get("id").asText()));
        return out;
    }
}
