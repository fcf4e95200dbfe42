package io.monitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.broker.junit.SharedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.BrandDefinition;
import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.core.model.PlannedEvent;
import io.monitor.streams.MonitorTopology;
import io.monitor.streams.StreamsService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Poison records on the topics that the streams role reads besides the raw mentions: {@code monitor.ingest.health},
 * {@code monitor.brands} and {@code monitor.planned-events}; against the streams role's {@link StreamsService} on a
 * real broker. For each topic: invalid JSON, another schemaVersion, 900 KB and a null value (for brands also a brand whose
 * query does not parse, for planned events one that ends before it starts), then good mentions on the raw topic.
 *
 * <p>Always checked: Kafka Streams stays RUNNING and enriches every good mention sent after the poison. Checked only
 * when the streams topology reads the topic (its description names it as a source): every poison record except the
 * tombstone becomes a dead letter naming the topic and offset with a reason. While no part of the topology reads a
 * topic, that part is skipped with a message saying so (JUnit reports the case as skipped), so this test starts to
 * hold the consumer to the design the day one is added.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamsInputPoisonRecordsIT {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String word = "poisonstreams" + run;
    private String bootstrap;
    private StreamsService streams;
    private Set<String> consumed;

    @TempDir
    static Path dir;

    @BeforeAll
    void startStreams() throws Exception {
        bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String appId = "poison-inputs-" + run;
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                brands:
                  - id: poison-%s
                    name: Poison %s
                    query: %s
                """.formatted(run, run, word));
        MonitorSettings settings = io.monitor.core.config.SettingsLoader.load(config);
        consumed = sources(MonitorTopology.build(settings).describe());
        System.out.println("topics the streams topology reads: " + consumed);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // a shared broker: this application starts at the end of what other tests left on the raw topic
            String raw = Topics.MENTIONS_RAW.name();
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            admin.describeTopics(List.of(raw)).allTopicNames().get(30, TimeUnit.SECONDS).get(raw).partitions()
                    .forEach(p -> ask.put(new TopicPartition(raw, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(ask).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(appId, ends).all().get(30, TimeUnit.SECONDS);
        }
        // the streams role's service, in this JVM (a child JVM costs ~15 s more on 2 cores and shows nothing more here)
        streams = StreamsService.start(settings.withKafka(new KafkaSettings(bootstrap, dir.resolve("data"), null, 1, true,
                appId)), bootstrap, new SimpleMeterRegistry());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!streams.isReady()) {
            assertThat(System.nanoTime()).as("streams RUNNING within 90 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    void stopStreams() {
        if (streams != null) {
            streams.close();
        }
    }

    /** What came out after the poison and good mentions were sent to one topic. */
    private record Outcome(Set<String> good, Set<String> enriched, Set<Long> poisonOffsets, Map<String, DeadLetter> dead) {
    }

    private final Map<String, Outcome> outcomes = new java.util.concurrent.ConcurrentHashMap<>();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"monitor.ingest.health", "monitor.brands", "monitor.planned-events"})
    void givenPoisonOnATopicTheStreamsRoleMayRead_whenGoodMentionsFollow_thenTheRoleKeepsRunningAndProcessesThem(
            String topic) throws Exception {
        Outcome o = outcome(topic);
        assertThat(streams.streams().state()).as("Kafka Streams state after the poison on " + topic)
                .isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
        assertThat(streams.isReady()).as("streams ready").isTrue();
        assertThat(o.enriched()).as("good mentions after the poison on " + topic).isEqualTo(o.good());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"monitor.ingest.health", "monitor.brands", "monitor.planned-events"})
    void givenPoisonOnATopicTheStreamsRoleReads_whenProcessed_thenEachPoisonRecordIsADeadLetterWithItsReason(
            String topic) throws Exception {
        Assumptions.assumeTrue(consumed.contains(topic), "the streams topology does not read " + topic
                + " yet: nothing to dead-letter (that the role keeps running is checked by the other test)");
        Outcome o = outcome(topic);
        assertThat(o.dead().values()).extracting(DeadLetter::offset).as("dead letters of the poison on " + topic)
                .containsExactlyInAnyOrderElementsOf(o.poisonOffsets());
        assertThat(o.dead().values()).allSatisfy(d -> {
            assertThat(d.reason()).isNotBlank();
            assertThat(d.stage()).startsWith("monitor-streams");
        });
    }

    private Outcome outcome(String topic) throws Exception {
        Outcome o = outcomes.get(topic);
        if (o == null) {
            o = send(topic);
            outcomes.put(topic, o);
        }
        return o;
    }

    private Outcome send(String topic) throws Exception {
        Map<String, byte[]> poison = poison(topic);
        Map<String, RecordMetadata> sent = new LinkedHashMap<>();
        Set<String> good = new HashSet<>();
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20), new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> p : poison.entrySet()) {
                String key = "poison-" + p.getKey() + "-" + run;
                sent.put(p.getKey(), producer.send(new ProducerRecord<>(topic, key, p.getValue())).get(30, TimeUnit.SECONDS));
            }
            for (int i = 0; i < 20; i++) {
                Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", run + "-" + topic + "-" + i, null, null,
                        "Heute wieder Ärger mit " + word, null, now, now, null, null, null, null, null, null);
                producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), null, now.toEpochMilli(), m.key(),
                        Topics.MENTION_SERDE.toBytes(m))).get(30, TimeUnit.SECONDS);
                good.add(m.key());
            }
        }

        Map<String, DeadLetter> dead = new HashMap<>();
        Set<String> enriched = new HashSet<>();
        Set<Long> poisonOffsets = sent.entrySet().stream().filter(e -> poison.get(e.getKey()) != null)
                .map(e -> e.getValue().offset()).collect(Collectors.toSet());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "poison-inputs-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.MENTIONS_ENRICHED.name(), Topics.DEAD_LETTERS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(Topics.DEAD_LETTERS.name())) {
                        DeadLetter d = Topics.DEAD_LETTER_SERDE.fromBytes(r.value());
                        if (topic.equals(d.sourceTopic()) && d.key() != null && d.key().endsWith(run)) {
                            dead.put(d.key(), d);
                        }
                    } else {
                        Mention m = Topics.MENTION_SERDE.fromBytes(r.value());
                        if (good.contains(m.key())) {
                            enriched.add(m.key());
                        }
                    }
                }
                if (settle == Long.MAX_VALUE && enriched.size() == good.size()
                        && (!consumed.contains(topic) || dead.size() >= poisonOffsets.size())) {
                    settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return new Outcome(good, enriched, poisonOffsets, dead);
    }

    /** The poison for {@code topic}: the four kinds every topic gets, plus what is wrong in a topic's own terms. */
    private Map<String, byte[]> poison(String topic) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("invalid-json", "{\"id\": \"half a record\", \"name\": ".getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.now();
        String otherVersion = switch (topic) {
            case "monitor.ingest.health" -> "{\"schemaVersion\":99,\"connectorId\":\"c\",\"status\":\"EXPLODED\"}";
            case "monitor.brands" -> new String(Topics.BRAND_SERDE.toBytes(BrandDefinition.of(new BrandSettings(
                    "v99-" + run, "V99", "v99" + run, List.of()), "poison-test", now)), StandardCharsets.UTF_8)
                    .replace("\"schemaVersion\":1", "\"schemaVersion\":99");
            default -> new String(Topics.PLANNED_EVENT_SERDE.toBytes(new PlannedEvent(PlannedEvent.SCHEMA_VERSION,
                    "v99-" + run, "poison-" + run, "launch", now, now.plusSeconds(3600), PlannedEvent.Mode.MUTE, 1.0,
                    false, "poison-test", now)), StandardCharsets.UTF_8)
                    .replace("\"schemaVersion\":1", "\"schemaVersion\":99");
        };
        m.put("other-version", otherVersion.getBytes(StandardCharsets.UTF_8));
        m.put("absurd-size", ("{\"id\":\"" + "x".repeat(900 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        if (topic.equals("monitor.brands")) {
            // well-formed JSON, but a query that does not parse: at start-up this stops the role; at run time it must not
            m.put("broken-query", ("{\"schemaVersion\":1,\"id\":\"broken-" + run + "\",\"name\":\"Broken\","
                    + "\"query\":\"(bahn AND\",\"hashtags\":[],\"deleted\":false,\"updatedBy\":\"poison-test\","
                    + "\"updatedAt\":\"" + now + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        if (topic.equals("monitor.planned-events")) {
            m.put("ends-before-start", ("{\"schemaVersion\":1,\"id\":\"backwards-" + run + "\",\"brandId\":\"poison-"
                    + run + "\",\"title\":\"backwards\",\"start\":\"" + now + "\",\"end\":\"" + now.minusSeconds(60)
                    + "\",\"mode\":\"MUTE\",\"thresholdFactor\":1.0,\"cancelled\":false,\"createdBy\":\"t\","
                    + "\"updatedAt\":\"" + now + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        m.put("null-value", null);
        return m;
    }

    /** Every topic a source node or global store of the topology reads. */
    static Set<String> sources(TopologyDescription d) {
        Set<String> out = new HashSet<>();
        for (TopologyDescription.Subtopology s : d.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Source src && src.topicSet() != null) {
                    out.addAll(src.topicSet());
                }
            }
        }
        for (TopologyDescription.GlobalStore g : d.globalStores()) {
            if (g.source().topicSet() != null) {
                out.addAll(g.source().topicSet());
            }
        }
        return out;
    }
}
