package io.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.core.model.TimelinePoint;
import io.monitor.streams.detect.AlertTracker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real broker with the real scorer and language detector: raw mentions (and one poison record)
 * in, enriched mentions, a dead letter and a FIRING alert out, exactly-once, and the timeline readable.
 */
class StreamsServiceIT {
    @TempDir
    Path dataDir;

    @Test
    @Timeout(120)
    void rawMentionsComeOutEnrichedAndAStormRaisesAnAlert() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String brand = "it-" + run;
        String word = "itbrand" + run;   // unique per run: older records on the shared broker never match
        MonitorSettings settings = MonitorSettings.defaults()
                .withKafka(new KafkaSettings(bootstrap, dataDir, null, 1, true, "streams-it-" + run));
        settings = new MonitorSettings(settings.kafka(), List.of(new BrandSettings(brand, "IT Brand", word + " OR #" + word, null)),
                settings.ingest(), settings.detection(), settings.sentiment(), settings.api(), settings.notifications());

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (StreamsService service = StreamsService.start(settings, bootstrap, registry);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new ByteArraySerializer())) {
            await().atMost(Duration.ofSeconds(60)).until(service::isReady);

            Instant now = Instant.now();
            producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), "demo:poison-" + run,
                    "{this is not json".getBytes(StandardCharsets.UTF_8)));
            // A storm on a brand-new brand: 30 clearly negative German posts within a few seconds.
            for (int i = 0; i < 30; i++) {
                Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", run + "-" + i, "https://example.org/" + run + "/" + i,
                        new Mention.Author("u" + i, "user" + i, null, 10), "Die " + word
                        + " ist eine Katastrophe, furchtbar und total kaputt. Nie wieder!", null, now, now,
                        null, null, null, null, null, null);
                producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), null, now.toEpochMilli(), m.key(),
                        Topics.MENTION_SERDE.toBytes(m)));
            }
            producer.flush();

            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + run,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.MENTIONS_ENRICHED.name(), Topics.ALERTS.name(), Topics.DEAD_LETTERS.name()));
                List<Mention> enriched = new ArrayList<>();
                List<Alert> alerts = new ArrayList<>();
                List<DeadLetter> dead = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        byte[] v = r.value().getBytes(StandardCharsets.UTF_8);
                        if (r.topic().equals(Topics.MENTIONS_ENRICHED.name()) && brand.equals(r.key())) {
                            enriched.add(Topics.MENTION_SERDE.fromBytes(v));
                        } else if (r.topic().equals(Topics.ALERTS.name()) && r.key().equals(AlertTracker.fingerprint(brand))) {
                            alerts.add(Topics.ALERT_SERDE.fromBytes(v));
                        } else if (r.topic().equals(Topics.DEAD_LETTERS.name())) {
                            DeadLetter d = Topics.DEAD_LETTER_SERDE.fromBytes(v);
                            if (("demo:poison-" + run).equals(d.key())) {
                                dead.add(d);
                            }
                        }
                    }
                    return enriched.size() == 30 && !alerts.isEmpty() && !dead.isEmpty();
                });
                assertThat(enriched).allSatisfy(m -> {
                    assertThat(m.language()).isEqualTo("de");
                    assertThat(m.sentiment().label()).isEqualTo(Sentiment.Label.NEGATIVE);
                    assertThat(m.matchedBrands()).containsExactly(brand);
                });
                assertThat(alerts.get(0).state()).isEqualTo(Alert.State.FIRING);
                assertThat(alerts.get(0).labels()).containsEntry("brand", brand);
                assertThat(alerts.get(0).annotations().get("summary")).contains("IT Brand");
                assertThat(dead.get(0).reason()).startsWith("not a valid Mention JSON record");
            }
            List<TimelinePoint> timeline = service.timelines().timeline(brand, now.minusSeconds(120), now.plusSeconds(120));
            assertThat(timeline).isNotEmpty();
            assertThat(timeline.stream().mapToLong(TimelinePoint::negative).sum()).isEqualTo(30);
            assertThat(registry.counter("monitor.streams.deadletters", "stage", "decode").count()).isEqualTo(1.0);
        }
    }

    @Test
    @Timeout(120)
    void afterARestartTheOpenIncidentIsRememberedAndTheSameStormDoesNotFireAgain() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String brand = "rs-" + run;
        String word = "rsbrand" + run;
        MonitorSettings settings = MonitorSettings.defaults()
                .withKafka(new KafkaSettings(bootstrap, dataDir, null, 1, true, "streams-restart-it-" + run));
        settings = new MonitorSettings(settings.kafka(), List.of(new BrandSettings(brand, null, word, null)),
                settings.ingest(), settings.detection(), settings.sentiment(), settings.api(), settings.notifications());
        Instant now = Instant.now();
        String fingerprint = AlertTracker.fingerprint(brand);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, String> alerts = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ConsumerConfig.GROUP_ID_CONFIG, "rs-reader-" + run,
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            alerts.subscribe(List.of(Topics.ALERTS.name()));
            List<Alert> seen = new ArrayList<>();
            try (StreamsService service = StreamsService.start(settings, bootstrap, new SimpleMeterRegistry())) {
                await().atMost(Duration.ofSeconds(60)).until(service::isReady);
                sendNegatives(producer, run, word, now, 0, 30);
                await().atMost(Duration.ofSeconds(60)).until(() -> pollAlerts(alerts, fingerprint, seen) > 0);
            }
            Instant startsAt = seen.get(0).startsAt();
            long restartAt = System.nanoTime();
            try (StreamsService service = StreamsService.start(settings, bootstrap, new SimpleMeterRegistry())) {
                await().atMost(Duration.ofSeconds(60)).until(service::isReady);
                System.out.printf("streams restart to RUNNING: %d ms%n", (System.nanoTime() - restartAt) / 1_000_000);
                sendNegatives(producer, run, word, now.plusSeconds(5), 30, 10);
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> service.timelines()
                        .timeline(brand, now.minusSeconds(120), now.plusSeconds(120)).stream()
                        .mapToLong(TimelinePoint::negative).sum() == 40);
                Thread.sleep(2 * StreamsService.COMMIT_INTERVAL_MS); // let a (wrong) new FIRING be committed, if any
                pollAlerts(alerts, fingerprint, seen);
                long closeAt = System.nanoTime();
                service.close();
                System.out.printf("streams close: %d ms%n", (System.nanoTime() - closeAt) / 1_000_000);
            }
            assertThat(seen).allSatisfy(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.FIRING);
                assertThat(a.startsAt()).as("the same incident, not a new one").isEqualTo(startsAt);
            });
        }
    }

    private static void sendNegatives(KafkaProducer<String, byte[]> producer, String run, String word, Instant at, int from,
                                      int count) {
        for (int i = from; i < from + count; i++) {
            Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", run + "-" + i, null, null,
                    "Die " + word + " ist eine Katastrophe, furchtbar und total kaputt. Nie wieder!", "de", at, at,
                    null, null, null, null, null, null);
            producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), null, at.toEpochMilli(), m.key(),
                    Topics.MENTION_SERDE.toBytes(m)));
        }
        producer.flush();
    }

    private static int pollAlerts(KafkaConsumer<String, String> consumer, String fingerprint, List<Alert> into) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
            if (fingerprint.equals(r.key())) {
                into.add(Topics.ALERT_SERDE.fromBytes(r.value().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return into.size();
    }
}
