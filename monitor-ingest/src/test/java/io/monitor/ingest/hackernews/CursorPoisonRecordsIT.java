package io.monitor.ingest.hackernews;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.ingest.SeenWindowCursor;
import io.monitor.ingest.testing.IngestProcess;
import io.monitor.ingest.testing.ReplayServer;
import io.monitor.ingest.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * Poison records on {@code monitor.ingest.cursors}, the topic the ingest role reads at start: the stored cursor of a
 * Hacker News connector is invalid JSON, JSON of another shape or version, 900 KB of garbage, or a null value
 * (a tombstone). In each case the connector keeps running and publishes the posts on its (local Algolia) server;
 * an unreadable cursor becomes a dead letter (source topic {@code monitor.ingest.cursors}, key = connector id, with
 * the reason) and a fresh valid cursor replaces it. A tombstone is the documented way to reset a connector: it
 * starts afresh without a dead letter.
 *
 * <p>Before the fix in {@code ConnectorRunner} an unreadable cursor stopped the connector for good ("stopped by an
 * unexpected error"), so one bad record lost everything from then on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CursorPoisonRecordsIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"invalid-json", "other-version", "absurd-size", "null-value"})
    void givenAPoisonCursor_whenTheConnectorStarts_thenItKeepsPublishingAndTheBadCursorIsADeadLetter(String kind)
            throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String sourceId = "hn-poison-" + kind + "-" + run;
        byte[] poison = switch (kind) {
            case "invalid-json" -> "{\"t\": 1795770000, \"seen\": {\"8863\":".getBytes(StandardCharsets.UTF_8);
            case "other-version" -> "{\"schemaVersion\":99,\"position\":{\"t\":1795770000}}"
                    .getBytes(StandardCharsets.UTF_8);
            case "absurd-size" -> "x".repeat(900 * 1024).getBytes(StandardCharsets.UTF_8);
            default -> null;
        };

        AlgoliaReplay algolia = new AlgoliaReplay();
        long now = Instant.now().getEpochSecond();
        algolia.hits.add(AlgoliaReplay.derived(AlgoliaReplay.STORY, run + "-1", now - 60));
        algolia.hits.add(AlgoliaReplay.derived(AlgoliaReplay.COMMENT, run + "-2", now - 30));
        try (ReplayServer server = new ReplayServer(algolia);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20), new StringSerializer(), new ByteArraySerializer());
             TopicReader<String, Mention> raw = new TopicReader<>(bootstrap, Topics.MENTIONS_RAW);
             TopicReader<String, DeadLetter> dead = new TopicReader<>(bootstrap, Topics.DEAD_LETTERS)) {
            if (kind.equals("null-value")) {
                // a valid cursor first, so that the tombstone deletes something
                producer.send(new ProducerRecord<>(Topics.CONNECTOR_CURSORS.name(), sourceId,
                        ("{\"t\":" + (now - 7200) + ",\"seen\":{}}").getBytes(StandardCharsets.UTF_8))).get();
            }
            producer.send(new ProducerRecord<>(Topics.CONNECTOR_CURSORS.name(), sourceId, poison)).get(30, TimeUnit.SECONDS);

            SourceSettings s = new SourceSettings(sourceId, "hackernews", true, server.baseUrl(), Duration.ofMillis(300),
                    null, List.of(), Map.of("queries", "apple", "lookback", "1h"));
            try (IngestProcess ingest = new IngestProcess(bootstrap, s, HackerNewsConnector::new, "hn-poison")) {
                raw.readUntil(r -> ids(r, run).size() == 2, Duration.ofSeconds(30));
                // a fresh cursor replaces the poison once the first batch is acknowledged
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> ingest.cursors.load(sourceId)
                        .map(CursorPoisonRecordsIT::seenCount).orElse(-1) == 2);
                raw.readFor(Duration.ofMillis(500));
            }
            assertThat(ids(raw.records, run)).as("posts published once each").containsExactlyInAnyOrder(run + "-1",
                    run + "-2");
            dead.readFor(Duration.ofSeconds(1));
            List<DeadLetter> letters = dead.records.stream().map(ConsumerRecord::value)
                    .filter(d -> sourceId.equals(d.key())).toList();
            if (poison == null) {
                assertThat(letters).as("a tombstone resets the connector; it is no error").isEmpty();
                return;
            }
            assertThat(letters).hasSize(1);
            DeadLetter d = letters.get(0);
            assertThat(d.sourceTopic()).isEqualTo(Topics.CONNECTOR_CURSORS.name());
            assertThat(d.reason()).contains("unreadable cursor of connector " + sourceId).contains("hackernews cursor");
            assertThat(d.stage()).isEqualTo("ingest:hackernews");
            assertThat(d.value().length()).as("the value is kept, truncated when huge")
                    .isLessThanOrEqualTo(DeadLetter.MAX_VALUE_CHARS + 20);
            assertThat(d.value()).startsWith(new String(poison, 0, Math.min(poison.length, 20), StandardCharsets.UTF_8));
        }
    }

    /** How many posts a stored cursor counts as seen; -1 while it is still the unreadable one. */
    private static int seenCount(String cursor) {
        try {
            return SeenWindowCursor.parse(cursor, "seen", "hackernews").seen().size();
        } catch (IllegalArgumentException stillThePoison) {
            return -1;
        }
    }

    private static List<String> ids(List<ConsumerRecord<String, Mention>> records, String run) {
        return records.stream().map(ConsumerRecord::value).filter(m -> m.id().startsWith(run + "-")).map(Mention::id)
                .toList();
    }
}
