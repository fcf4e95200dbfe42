package io.monitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SettingsLoader;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.AlertRules;
import io.monitor.core.model.Mention;
import io.monitor.streams.MonitorTopology;
import io.monitor.streams.StreamsService;
import io.monitor.streams.TimelineHttpHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crisis rules' memory survives a SIGKILL of the streams role between two snapshots of their state: the streams
 * role ({@link StreamsRoleMain}'s service, in a child JVM, commit interval 200 ms) runs with a 5-minute
 * {@code detection.advance}, so the state snapshot is written only at the first tick and then not for minutes of event
 * time; only the crisis journal keeps what happens in between.
 *
 * <p>Timeline (event times from a 5-minute boundary T0): a first mention at T0+1 s (its task's first tick writes the
 * brand's snapshot; seen on the snapshot store's changelog); a negative post by an author with 500,000 followers at
 * T0+2 s: FIRING {@code high_reach_author} on {@code monitor.alerts} (read_committed, so its offsets and the journal
 * entry are committed too); SIGKILL; restart on the same data directory; a mention at T0+10 min moves stream time,
 * the tick resolves the incident (no post by the author for more than {@code resolveAfter} = 1 min): RESOLVED with
 * the same fingerprint, and the snapshot that tick writes holds the high-reach post among the recent negative posts,
 * its terms in the term counts and all three mentions in the silence rule's volume. Without the journal the restarted
 * role forgets the incident (it never resolves; checked by disabling the replay) and the post.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CrisisStateSurvivesKillIT {
    @TempDir
    Path dir;

    @Test
    void givenAHighReachIncidentOpenedBetweenTwoSnapshots_whenTheStreamsRoleIsKilledAndRestarted_thenTheIncidentStillResolves()
            throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String brand = "journal-" + run;
        String word = "journal" + run;
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                brands:
                  - id: %s
                    name: Journal %s
                    query: %s
                ingest:
                  demo:
                    enabled: false
                detection:
                  window: 5m
                  advance: 5m
                  resolveAfter: 1m
                  repeatInterval: 1m
                """.formatted(brand, run, word));
        String appId = "crisis-journal-" + run;
        startRawAtEnd(bootstrap, appId);
        int port = RoleProcess.freePort();
        Path logs = dir.resolve("streams.log");
        List<String> args = List.of(config.toString(), bootstrap, dir.resolve("streams-data").toString(), appId,
                String.valueOf(port));
        String snapshots = appId + "-" + MonitorTopology.CRISIS_STATE_STORE + "-changelog";
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        String author = "eilmeldung" + run;
        String post = "Was für ein Ärger mit " + word + ", alles kaputt und niemand hilft, absolut katastrophal";

        List<RoleProcess> started = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap);
             KafkaConsumer<String, byte[]> alerts = consumer(bootstrap, Topics.ALERTS.name());
             KafkaConsumer<String, byte[]> states = consumer(bootstrap, snapshots)) {
            RoleProcess streams = start(args, port, logs, started).awaitReady(Duration.ofSeconds(90));
            send(producer, mention(run, "1", "leser" + run, 12, "Heute mit " + word + " unterwegs", t0.plusSeconds(1)));
            await(states, r -> brand.equals(r.key()), Duration.ofSeconds(30), "the brand's first snapshot (first tick)");
            send(producer, mention(run, "2", author, 500_000, post, t0.plusSeconds(2)));
            Alert firing = alert(await(alerts, r -> isHighReach(r, brand, Alert.State.FIRING), Duration.ofSeconds(30),
                    "FIRING high_reach_author"));
            assertThat(firing.labels()).containsEntry("author", "demo:" + author);

            streams.kill();
            streams = start(args, port, logs, started).awaitReady(Duration.ofSeconds(90));
            send(producer, mention(run, "3", "leser" + run, 12, "Wieder mit " + word + " unterwegs", t0.plusSeconds(600)));
            Alert resolved = alert(await(alerts, r -> isHighReach(r, brand, Alert.State.RESOLVED),
                    Duration.ofSeconds(45), "RESOLVED high_reach_author after the restart"));
            assertThat(resolved.fingerprint()).isEqualTo(firing.fingerprint());
            assertThat(resolved.endsAt()).isEqualTo(t0.plusSeconds(600));

            // the snapshot committed with the all-clear: the last one of the brand (the restarted task may tick at its
            // restored stream time first, which writes one more snapshot before it)
            JsonNode state = Json.MAPPER.readTree(last(states, brand, Duration.ofSeconds(3)).value());
            assertThat(state.path("recent").findValuesAsText("author")).as("recent negative posts after the restart")
                    .contains(author);
            long volume = 0;
            for (JsonNode count : state.path("volume")) {
                volume += count.asLong();
            }
            assertThat(volume).as("mentions counted for the silence rule (all three)").isEqualTo(3);
            JsonNode terms = state.path("terms");
            assertThat(terms.path("baseline").has("katastrophal") || terms.toString().contains("\"katastrophal\""))
                    .as("the post's terms counted for the emerging-term rule: " + terms).isTrue();
            List<String> open = new ArrayList<>();
            state.path("incidents").fieldNames().forEachRemaining(open::add);
            assertThat(open).as("open incidents after the all-clear").doesNotContain(AlertRules.HIGH_REACH_AUTHOR
                    + "|demo:" + author);
        } finally {
            for (RoleProcess p : started) {
                p.stop();
            }
        }
    }

    private static RoleProcess start(List<String> args, int port, Path logs, List<RoleProcess> started) {
        RoleProcess p = RoleProcess.start("streams", StreamsMain.class, args, Map.of(), port, logs);
        started.add(p);
        return p;
    }

    private static boolean isHighReach(ConsumerRecord<String, byte[]> r, String brand, Alert.State state) {
        Alert a = alert(r);
        return a != null && brand.equals(a.labels().get(Alert.LABEL_BRAND))
                && AlertRules.HIGH_REACH_AUTHOR.equals(a.rule()) && a.state() == state;
    }

    private static Alert alert(ConsumerRecord<String, byte[]> r) {
        return r.value() == null ? null : Topics.ALERTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
    }

    private static Mention mention(String run, String id, String handle, long followers, String text, Instant at) {
        return new Mention(Mention.SCHEMA_VERSION, "demo", "journal-" + run + "-" + id, "https://example.org/" + run + "/" + id,
                new Mention.Author(handle, handle, null, followers), text, null, at, at, null, null, null, null, null, null);
    }

    private static void send(KafkaProducer<String, byte[]> producer, Mention m) throws Exception {
        producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), null, m.createdAt().toEpochMilli(), m.key(),
                Topics.MENTION_SERDE.toBytes(m))).get(30, TimeUnit.SECONDS);
    }

    private interface Check {
        boolean test(ConsumerRecord<String, byte[]> r) throws Exception;
    }

    /** The first committed record of the consumer's topic that passes {@code check}, within {@code timeout}. */
    private static ConsumerRecord<String, byte[]> await(KafkaConsumer<String, byte[]> c, Check check, Duration timeout,
                                                        String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                if (check.test(r)) {
                    return r;
                }
            }
        }
        throw new AssertionError("no " + what + " within " + timeout);
    }

    /** The last record of {@code key} on the consumer's topic: read until nothing new came for {@code quiet}. */
    private static ConsumerRecord<String, byte[]> last(KafkaConsumer<String, byte[]> c, String key, Duration quiet) {
        ConsumerRecord<String, byte[]> last = null;
        long until = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < until) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                if (key.equals(r.key())) {
                    last = r;
                    until = System.nanoTime() + quiet.toNanos();
                }
            }
        }
        assertThat(last).as("a snapshot of " + key + " after the restart").isNotNull();
        return last;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG,
                "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Reads {@code topic} from its start, committed records only; the topic may not exist yet (a changelog). */
    private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String topic) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "crisis-journal-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000), new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    private static void startRawAtEnd(String bootstrap, String appId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            String raw = Topics.MENTIONS_RAW.name();
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            admin.describeTopics(List.of(raw)).allTopicNames().get(30, TimeUnit.SECONDS).get(raw).partitions()
                    .forEach(p -> ask.put(new TopicPartition(raw, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(ask).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(appId, ends).all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * {@link StreamsRoleMain} with a 200 ms commit interval (the product's is 1 s): the alert and the journal entry
     * are committed well before the kill. Arguments as {@link StreamsRoleMain}'s.
     */
    static final class StreamsMain {
        private StreamsMain() {
        }

        public static void main(String[] args) throws Exception {
            MonitorSettings s = SettingsLoader.load(Path.of(args[0]));
            s = s.withKafka(new KafkaSettings(args[1], Path.of(args[2]), null, 1, true, args[3]));
            TopicAdmin.ensureTopics(args[1], Topics.all(), (short) 1);
            PrometheusMeterRegistry registry = Observability.newRegistry();
            StreamsService streams = StreamsService.start(s, args[1], registry, null, 0, Map.<String, Object>of(
                    "session.timeout.ms", 6000, "heartbeat.interval.ms", 1000, "commit.interval.ms", 200));
            ManagementServer http = ManagementServer.start("127.0.0.1", Integer.parseInt(args[4]), registry,
                    streams::isReady, Map.of(TimelineHttpHandler.PATH, streams.timelineHandler()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                http.close();
                streams.close();
            }, "streams-role-stop"));
            Thread.currentThread().join();
        }
    }
}
