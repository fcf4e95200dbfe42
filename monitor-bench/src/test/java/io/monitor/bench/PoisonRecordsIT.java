package io.monitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.streams.StreamsService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison records on {@code monitor.mentions.raw}, interleaved with good mentions, through the real streams role on a
 * real broker: invalid JSON, an unsupported schemaVersion, a 2 MB record (the raw topic's size limit raised so that the
 * broker accepts it, as a cluster with bigger limits would) and a null value. Each becomes one dead letter with its
 * reason and source offset; every good mention still comes out enriched.
 */
class PoisonRecordsIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void givenPoisonInterleavedWithGoodMentions_whenProcessed_thenEachPoisonIsADeadLetterWithItsReasonAndAllGoodOnesFlow()
            throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String word = "poisonbrand" + run;
        String appId = "poison-it-" + run;
        MonitorSettings d = MonitorSettings.defaults();
        MonitorSettings settings = new MonitorSettings(new KafkaSettings(bootstrap, dir, null, 1, true, appId),
                List.of(new BrandSettings("poison-" + run, "Poison " + run, word, null)), d.ingest(), d.detection(),
                d.sentiment(), d.api(), d.notifications());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // the broker's default (1 MB) would refuse the absurd record at the door; let it in to test the topology
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.MENTIONS_RAW.name()),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", String.valueOf(4 << 20)),
                            AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
            // a shared broker: this application starts at the end of what other tests left on the raw topic
            Probes.startGroupAtEnd(admin, appId, Probes.partitions(admin, Topics.MENTIONS_RAW.name()));
        }

        Map<String, String> poison = new HashMap<>(); // key -> what its reason must say
        Set<String> good = new HashSet<>();
        Instant now = Instant.now();
        try (StreamsService streams = StreamsService.start(settings, bootstrap, new SimpleMeterRegistry());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20), new StringSerializer(), new ByteArraySerializer())) {
            KnownRun.await(streams::isReady, Duration.ofSeconds(60), "streams RUNNING");
            for (int i = 0; i < 100; i++) {
                Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", run + "-" + i, null, null,
                        (i % 3 == 0 ? "Ärger mit " : "Gute Erfahrung mit ") + word + " heute", null, now, now, null, null,
                        null, null, null, null);
                producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), null, now.toEpochMilli(), m.key(),
                        Topics.MENTION_SERDE.toBytes(m)));
                good.add(m.key());
                switch (i) {
                    case 10 -> send(producer, poison, "demo:bad-json-" + run, "{\"platform\": \"demo\", \"id\": ".getBytes(
                            StandardCharsets.UTF_8), "not a valid Mention JSON record");
                    case 30 -> send(producer, poison, "demo:bad-version-" + run, Topics.MENTION_SERDE.toBytes(m).length > 0
                            ? new String(Topics.MENTION_SERDE.toBytes(m), StandardCharsets.UTF_8)
                                    .replace("\"schemaVersion\":1", "\"schemaVersion\":99").getBytes(StandardCharsets.UTF_8)
                            : null, "schemaVersion 99 is not supported");
                    case 50 -> send(producer, poison, "demo:huge-" + run, huge(run), "exceeds the limit");
                    case 70 -> send(producer, poison, "demo:null-" + run, null, "null value");
                    default -> { }
                }
            }
            producer.flush();

            Map<String, DeadLetter> dead = new HashMap<>();
            Set<String> enriched = new HashSet<>();
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "poison-reader-" + run, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
                c.subscribe(List.of(Topics.MENTIONS_ENRICHED.name(), Topics.DEAD_LETTERS.name()));
                long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
                while (System.nanoTime() < deadline && (dead.size() < poison.size() || enriched.size() < good.size())) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                        if (r.topic().equals(Topics.DEAD_LETTERS.name())) {
                            DeadLetter dl = Topics.DEAD_LETTER_SERDE.fromBytes(r.value());
                            if (poison.containsKey(dl.key())) {
                                assertThat(dead.put(dl.key(), dl)).as("one dead letter per poison record").isNull();
                            }
                        } else {
                            Mention m = Topics.MENTION_SERDE.fromBytes(r.value());
                            if (good.contains(m.key())) {
                                enriched.add(m.key());
                            }
                        }
                    }
                }
            }
            assertThat(enriched).as("good mentions enriched").isEqualTo(good);
            assertThat(dead.keySet()).as("poison records dead-lettered").isEqualTo(poison.keySet());
            poison.forEach((key, reason) -> {
                DeadLetter dl = dead.get(key);
                assertThat(dl.reason()).as("reason of " + key).contains(reason);
                assertThat(dl.sourceTopic()).isEqualTo(Topics.MENTIONS_RAW.name());
                assertThat(dl.offset()).as("source offset of " + key).isNotNegative();
                assertThat(dl.stage()).startsWith("monitor-streams/");
            });
            assertThat(dead.get("demo:huge-" + run).value().length()).as("a huge value is kept truncated")
                    .isLessThanOrEqualTo(DeadLetter.MAX_VALUE_CHARS + 20);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, Map<String, String> poison, String key, byte[] value,
                             String reason) {
        producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), key, value));
        poison.put(key, reason);
    }

    /** A well-formed mention whose text makes the record 2 MB. */
    private static byte[] huge(String run) {
        String text = "x".repeat(2 << 20);
        return ("{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"huge-" + run + "\",\"createdAt\":\"2026-01-01T00:00:00Z\","
                + "\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
