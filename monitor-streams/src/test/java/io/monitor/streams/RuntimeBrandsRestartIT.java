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
import io.monitor.core.model.BrandDefinition;
import io.monitor.core.model.Mention;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker: a brand added at run time on {@code monitor.brands} is matched, and still after the instance
 * crashed (left without leaving the group) and was started again: the global store reads the topic again at start
 * and the catalog is rebuilt from it. The crashed instance comes back under the same static {@code group.instance.id}
 * and runs again long before its old membership's session timeout (set to 3 minutes here) would have expired.
 */
class RuntimeBrandsRestartIT {
    @TempDir
    Path dataDir;

    @Test
    @Timeout(150)
    void aRunTimeBrandMatchesBeforeAndAfterACrashAndTheRestartedInstanceRejoinsUnderItsStaticId() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String added = "rt-" + run;
        String word = "rtword" + run;
        String appId = "streams-runtime-brands-it-" + run;
        MonitorSettings d = MonitorSettings.defaults();
        MonitorSettings settings = new MonitorSettings(new KafkaSettings(bootstrap, dataDir, null, 1, true, appId),
                List.of(new BrandSettings("cfg-" + run, null, "cfgword" + run, null)),
                d.ingest(), d.detection(), d.sentiment(), d.api(), d.notifications());
        // Without static membership a restarted instance would wait for this session timeout to expire.
        Map<String, Object> longSession = Map.of("consumer.session.timeout.ms", 180_000);
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, String> enriched = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "rt-reader-" + run,
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                     new StringDeserializer(), new StringDeserializer());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            enriched.subscribe(List.of(Topics.MENTIONS_ENRICHED.name()));
            List<String> seen = new ArrayList<>();

            StreamsService first = StreamsService.start(settings, bootstrap, new SimpleMeterRegistry(), null, 0, longSession);
            String instanceId;
            try {
                await().atMost(Duration.ofSeconds(60)).until(first::isReady);
                instanceId = StreamsService.instanceId(settings.kafka(), null);
                assertThat(memberInstanceIds(admin, appId)).containsExactlyInAnyOrderElementsOf(threadIds(instanceId));

                producer.send(new ProducerRecord<>(Topics.BRANDS.name(), added, Topics.BRANDS.valueSerde().serializer()
                        .serialize(Topics.BRANDS.name(), new BrandDefinition(1, added, "Run Time", word, List.of(), false,
                                "it", now)))).get();
                // The definition reaches the global thread asynchronously: resend until a mention is matched.
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    send(producer, run + "-a" + seen.size(), word, now);
                    return poll(enriched, added, seen) > 0;
                });
            } finally {
                // A crash: no commit of the group leave, the membership stays until the session timeout.
                first.streams().close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                        .withTimeout(Duration.ofSeconds(5)));
            }

            int before = seen.size();
            long restartAt = System.nanoTime();
            try (StreamsService second = StreamsService.start(settings, bootstrap, new SimpleMeterRegistry(), null, 0, longSession)) {
                await().atMost(Duration.ofSeconds(60)).until(second::isReady);
                System.out.printf("restart after a crash to RUNNING: %d ms (session timeout 180 s)%n",
                        (System.nanoTime() - restartAt) / 1_000_000);
                assertThat(memberInstanceIds(admin, appId)).containsExactlyInAnyOrderElementsOf(threadIds(instanceId));
                send(producer, run + "-b", word, now.plusSeconds(1));
                await().atMost(Duration.ofSeconds(60)).until(() -> poll(enriched, added, seen) > before);
            }
        }
    }

    private static Set<String> memberInstanceIds(Admin admin, String group) throws Exception {
        ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        return g.members().stream().map(MemberDescription::groupInstanceId).flatMap(java.util.Optional::stream)
                .collect(Collectors.toSet());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String id, String word, Instant at) {
        Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", id, null, null, "Heute " + word + " im Test", "de", at, at,
                null, null, null, null, null, null);
        producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), null, at.toEpochMilli(), m.key(),
                Topics.MENTION_SERDE.toBytes(m)));
        producer.flush();
    }

    private static int poll(KafkaConsumer<String, String> consumer, String brand, List<String> into) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
            if (brand.equals(r.key())) {
                into.add(r.value());
            }
        }
        return into.size();
    }

    /** Streams appends each stream thread's index to the instance's {@code group.instance.id}. */
    private static List<String> threadIds(String instanceId) {
        return java.util.stream.IntStream.rangeClosed(1, StreamsService.STREAM_THREADS).mapToObj(i -> instanceId + "-" + i)
                .toList();
    }
}
