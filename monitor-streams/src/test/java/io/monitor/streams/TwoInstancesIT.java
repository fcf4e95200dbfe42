package io.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Mention;
import io.monitor.core.model.TimelinePoint;
import io.monitor.streams.detect.AlertTracker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out on a real broker: two instances of the same application share the partitions, each serves timeline
 * queries for every brand (routed to the owner over HTTP), and when one dies mid-stream without leaving the group
 * the other takes over: timeline counts stay exact (exactly-once), the storm keeps one incident, queries keep
 * answering (from the standby replica until the group rebalances, then from the new owner).
 */
class TwoInstancesIT {
    private static final int PARTITIONS = 6; // of the by-brand repartition topic: as many as monitor.mentions.raw

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    @Test
    @Timeout(180)
    void whenOneOfTwoInstancesDiesMidStreamCountsAndTheIncidentStayExactAndQueriesKeepAnswering() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> brands = onePerPartition("sc" + run);
        String storm = brands.get(0);
        List<BrandSettings> brandSettings = brands.stream().map(b -> new BrandSettings(b, null, b, null)).toList();
        MonitorSettings d = MonitorSettings.defaults();
        String appId = "streams-scale-it-" + run;
        // A short session timeout so the group notices the dead instance within seconds (default 45 s).
        Map<String, Object> fast = Map.of("consumer.session.timeout.ms", 6000, "consumer.heartbeat.interval.ms", 1500);

        HttpServer httpA = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        HttpServer httpB = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        String serverA = "localhost:" + httpA.getAddress().getPort();
        String serverB = "localhost:" + httpB.getAddress().getPort();
        Instant now = Instant.now();
        Map<String, Integer> expected = new LinkedHashMap<>();
        String fingerprint = AlertTracker.fingerprint(storm);

        StreamsService a = StreamsService.start(settings(d, bootstrap, dirA, appId, brandSettings), bootstrap,
                new SimpleMeterRegistry(), serverA, 1, fast);
        StreamsService b = StreamsService.start(settings(d, bootstrap, dirB, appId, brandSettings), bootstrap,
                new SimpleMeterRegistry(), serverB, 1, fast);
        httpA.createContext(TimelineHttpHandler.PATH, a.timelineHandler());
        httpB.createContext(TimelineHttpHandler.PATH, b.timelineHandler());
        httpA.start();
        httpB.start();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, String> alertReader = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "sc-reader-" + run,
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                     new StringDeserializer(), new StringDeserializer())) {
            alertReader.subscribe(List.of(Topics.ALERTS.name()));
            // Both instances running with the by-brand tasks split between them.
            await().atMost(Duration.ofSeconds(90)).until(() -> a.isReady() && b.isReady()
                    && owners(a, brands).containsAll(Set.of(HostInfo.buildFromEndpoint(serverA), HostInfo.buildFromEndpoint(serverB))));

            // First half: everyday mentions of every brand, and a storm on one.
            send(producer, run, brands, storm, now, 0, expected);
            for (StreamsService asked : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(volumes(asked, brands, now)).isEqualTo(expected));
            }
            // 5-minute and 1-hour windows of a brand the other instance owns, with authors, reach and terms, over HTTP.
            String ownedByB = brands.stream().filter(br -> owner(a, br).equals(HostInfo.buildFromEndpoint(serverB)))
                    .findFirst().orElseThrow();
            for (Duration window : List.of(Duration.ofMinutes(5), Duration.ofHours(1))) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                    List<TimelinePoint> points = a.timelines().timeline(ownedByB, window, now.minus(window), now.plus(window));
                    assertThat(points).isNotEmpty().allSatisfy(p -> {
                        assertThat(Duration.between(p.windowStart(), p.windowEnd())).isEqualTo(window);
                        assertThat(p.uniqueAuthors()).isEqualTo(4);
                        assertThat(p.reach()).isEqualTo(100 * p.volume());
                        assertThat(p.engagement()).isEqualTo(2 * p.volume());
                        assertThat(p.topTerms()).contains(new TimelinePoint.Count("kiel", 8)); // the everyday mentions
                        assertThat(p.topHashtags()).containsExactly(new TimelinePoint.Count("ausflug", p.volume()));
                        assertThat(p.topAuthors()).hasSize(4).allSatisfy(au -> {
                            assertThat(au.platform()).isEqualTo("demo");
                            assertThat(au.author()).startsWith("user");
                            assertThat(au.followers()).isEqualTo(100);
                        });
                    });
                    assertThat(points.stream().mapToLong(TimelinePoint::volume).sum()).isEqualTo((long) expected.get(ownedByB));
                });
            }
            List<Alert> alerts = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> pollAlerts(alertReader, fingerprint, alerts) > 0);

            // B dies without leaving the group (as a crashed process would) and its HTTP endpoint goes with it.
            b.streams().close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
            httpB.stop(0);
            // Second half while the group has not noticed yet.
            send(producer, run, brands, storm, now.plusSeconds(5), 1, expected);

            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(volumes(a, brands, now)).isEqualTo(expected));
            assertThat(owners(a, brands)).containsOnly(HostInfo.buildFromEndpoint(serverA));
            // the rolled-up hours agree too (the roll-up's pending notes moved with the partitions)
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(volumes(a, brands, now, Duration.ofHours(1))).isEqualTo(expected));
            Thread.sleep(2L * StreamsService.COMMIT_INTERVAL_MS); // a wrong second FIRING would be committed by now
            pollAlerts(alertReader, fingerprint, alerts);
            assertThat(alerts).isNotEmpty().allSatisfy(al -> {
                assertThat(al.state()).isEqualTo(Alert.State.FIRING);
                assertThat(al.startsAt()).as("one incident across the fail-over").isEqualTo(alerts.get(0).startsAt());
            });
        } finally {
            httpA.stop(0);
            httpB.stop(0);
            a.close();
            b.close();
        }
    }

    /** Brand ids whose by-brand partitions are all different, so both instances own some. */
    private static List<String> onePerPartition(String prefix) {
        Map<Integer, String> byPartition = new LinkedHashMap<>();
        for (int i = 0; byPartition.size() < PARTITIONS; i++) {
            String b = prefix + "x" + i;
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(b.getBytes(StandardCharsets.UTF_8))) % PARTITIONS, b);
        }
        return new ArrayList<>(byPartition.values());
    }

    private static MonitorSettings settings(MonitorSettings d, String bootstrap, Path dir, String appId,
                                            List<BrandSettings> brands) {
        return new MonitorSettings(new KafkaSettings(bootstrap, dir, null, 1, true, appId), brands, d.ingest(),
                d.detection(), d.sentiment(), d.api(), d.notifications());
    }

    private static Set<HostInfo> owners(StreamsService s, List<String> brands) {
        Set<HostInfo> out = new HashSet<>();
        for (String brand : brands) {
            out.add(owner(s, brand));
        }
        return out;
    }

    private static HostInfo owner(StreamsService s, String brand) {
        return s.streams().queryMetadataForKey(MonitorTopology.TIMELINE_STORE, brand, Serdes.String().serializer())
                .activeHost();
    }

    /** Per brand: 8 everyday mentions; the storm brand also gets clearly negative ones (30, then 10: above the warm-up storm level). */
    private static void send(KafkaProducer<String, byte[]> producer, String run, List<String> brands, String storm,
                             Instant at, int half, Map<String, Integer> expected) {
        for (String brand : brands) {
            int n = 8 + (brand.equals(storm) ? (half == 0 ? 30 : 10) : 0);
            for (int i = 0; i < n; i++) {
                String text = i < 8 ? "Heute mit " + brand + " nach Kiel gefahren #Ausflug" : "Die " + brand
                        + " ist eine Katastrophe, furchtbar und total kaputt. Nie wieder! #Ausflug";
                // four authors of 100 followers each, every mention with 2 likes
                Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", run + "-" + brand + "-" + half + "-" + i, null,
                        new Mention.Author("id" + i % 4, "user" + i % 4, null, 100), text, "de", at.plusMillis(i),
                        at.plusMillis(i), new Mention.Engagement(2, 0, 0, 0), null, null, null, null, null);
                producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), null, at.plusMillis(i).toEpochMilli(), m.key(),
                        Topics.MENTION_SERDE.toBytes(m)));
            }
            expected.merge(brand, n, Integer::sum);
        }
        producer.flush();
    }

    private static Map<String, Integer> volumes(StreamsService s, List<String> brands, Instant now) {
        return volumes(s, brands, now, Duration.ofMinutes(1));
    }

    private static Map<String, Integer> volumes(StreamsService s, List<String> brands, Instant now, Duration window) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Duration margin = window.plusSeconds(120);
        for (String brand : brands) {
            out.put(brand, (int) s.timelines().timeline(brand, window, now.minus(margin), now.plus(margin)).stream()
                    .mapToLong(TimelinePoint::volume).sum());
        }
        return out;
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
