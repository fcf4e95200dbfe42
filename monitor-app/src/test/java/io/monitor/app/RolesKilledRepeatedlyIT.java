package io.monitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.bench.BenchBrands;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DemoSettings;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.AlertRules;
import io.monitor.core.model.Mention;
import io.monitor.ingest.demo.DemoGenerator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every role of the {@code monitor} executable killed without warning (SIGKILL) and restarted, twice each, during a
 * known run, each role in its own child JVM on a real broker: {@code monitor ingest} replaying a known JSONL file
 * through the {@code file} connector at its original pace, the streams role ({@link StreamsRoleMain}: what
 * {@code monitor streams} runs, with a 6 s session timeout), and {@code monitor api}.
 *
 * <p>Timeline: about 1,300 mentions of three brands over 20 s, with an 8 s storm of negative posts about one brand
 * from second 8. While they flow (seconds after the roles are up; a restarted role must be ready before its next
 * kill, so later kills can slip): ingest killed at 3 and 12, streams at 6 and 15, the api at 9; each restarted at
 * once on the same data. Once the incident is on the API it is acknowledged, then the api is killed a
 * second time and restarted. Then:
 * <ul>
 *   <li>every mention exactly once in {@code monitor.mentions.enriched} (read_committed). The raw topic may hold a
 *       mention twice: the ingest role is at-least-once (a batch Kafka took but whose cursor the SIGKILL beat is
 *       published again after the restart) and streams drops re-ingested copies by {@code platform:id}; the copies
 *       are counted and printed;</li>
 *   <li>the timelines (from the streams role's {@code /internal/timeline}) add up to the enriched mentions per
 *       brand;</li>
 *   <li>exactly one incident: one FIRING {@code startsAt} for the storm's brand, none for the others, no alert record
 *       twice on {@code monitor.alerts}; the restarted API lists exactly that one incident, still acknowledged.</li>
 * </ul>
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RolesKilledRepeatedlyIT {
    private static final Duration SPAN = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void givenEachRoleKilledTwiceAndRestarted_whenAKnownRunFlows_thenEveryMentionCountsOnceAndOneIncidentSurvives()
            throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<BrandSettings> brands = BenchBrands.generate(3).stream()
                .map(b -> new BrandSettings(b.id() + "-" + run, b.name(), b.query(), b.hashtags())).toList();
        // the file exists (empty) when ingest starts; the run is written once every role is up, dated from then on
        Path file = dir.resolve("run.jsonl");
        Files.createFile(file);
        Path config = dir.resolve("monitor.yaml");
        StringBuilder yaml = new StringBuilder("brands:\n");
        for (BrandSettings b : brands) {
            yaml.append("  - id: ").append(q(b.id())).append("\n    name: ").append(q(b.name()))
                    .append("\n    query: ").append(q(b.query())).append("\n    hashtags: ")
                    .append(Json.MAPPER.writeValueAsString(b.hashtags())).append('\n');
        }
        yaml.append("ingest:\n  demo:\n    enabled: false\n  sources:\n    - id: ").append(q("replay-" + run))
                .append("\n      type: file\n      options:\n        path: ").append(q(file.toString()))
                .append("\n        pace: original\n");
        Files.writeString(config, yaml.toString());

        String appId = "roles-killed-" + run;
        startRawAtEnd(bootstrap, appId);
        Path data = dir.resolve("streams-data");
        int streamsPort = RoleProcess.freePort();
        int apiPort = RoleProcess.freePort();
        int ingestPort = RoleProcess.freePort();
        Path logs = dir.resolve("roles.log");
        List<String> streamsArgs = List.of(config.toString(), bootstrap, data.toString(), appId,
                String.valueOf(streamsPort));
        List<String> apiArgs = List.of("--config", config.toString(), "--bootstrap-servers", bootstrap, "--port",
                String.valueOf(apiPort));
        List<String> ingestArgs = List.of("--config", config.toString(), "--bootstrap-servers", bootstrap);
        Map<String, String> ingestEnv = Map.of("MONITOR_API_PORT", String.valueOf(ingestPort));

        // every process ever started, so that the finally block stops whatever a failed kill schedule left running
        List<RoleProcess> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        Supplier<RoleProcess> startIngest = () -> add(started, RoleProcess.start("ingest", ingestArgs, ingestEnv,
                ingestPort, logs));
        Supplier<RoleProcess> startStreams = () -> add(started, RoleProcess.start("streams", StreamsRoleMain.class,
                streamsArgs, Map.of(), streamsPort, logs));
        Supplier<RoleProcess> startApi = () -> add(started, RoleProcess.start("api", apiArgs, Map.of(), apiPort, logs));
        long t0 = System.nanoTime();
        // all three at once, as an orchestrator starts them; the file connector paces the run from its own start
        RoleProcess streams = startStreams.get();
        RoleProcess api = startApi.get();
        RoleProcess ingest = startIngest.get();
        List<RoleProcess> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            streams.awaitReady(Duration.ofSeconds(90));
            api.awaitReady(Duration.ofSeconds(60));
            ingest.awaitReady(Duration.ofSeconds(60));
            long runStart = System.nanoTime();
            Instant start = Instant.now().plusSeconds(1);
            DemoGenerator background = new DemoGenerator(brands, new DemoSettings(true, 40.0, Duration.ZERO,
                    Duration.ofDays(1), Duration.ofSeconds(1), 0.0, 7L), start);
            DemoGenerator storm = new DemoGenerator(brands, new DemoSettings(true, 0.0, Duration.ofSeconds(8),
                    Duration.ofDays(1), Duration.ofSeconds(8), 60.0, 11L), start);
            String crisis = storm.episode(0).brandId();
            List<Mention> mentions = new ArrayList<>(background.between(start, start.plus(SPAN)));
            mentions.addAll(storm.between(start, start.plus(SPAN)));
            mentions.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
            // ids unique to this run: the shared broker may hold another run's demo mentions with the same seeds
            mentions = mentions.stream().map(m -> new Mention(m.schemaVersion(), m.platform(), m.id() + "-" + run, m.url(),
                    m.author(), m.text(), m.language(), m.createdAt(), m.ingestedAt(), m.engagement(), m.replyTo(),
                    m.quoteOf(), m.repostOf(), m.matchedBrands(), m.sentiment())).toList();
            Set<String> keys = mentions.stream().map(Mention::key).collect(Collectors.toSet());
            assertThat(keys).hasSameSizeAs(mentions);
            Files.write(file, mentions.stream().map(m -> new String(Topics.MENTION_SERDE.toBytes(m), StandardCharsets.UTF_8))
                    .toList());
            System.out.printf("roles up after %d ms; %d mentions written%n", ms(t0), mentions.size());

            // one kill schedule per role, side by side: a restarted role must be ready before its next kill, and
            // waiting for that one role at a time would stretch the run
            ExecutorService chains = Executors.newFixedThreadPool(2);
            RoleProcess ingest0 = ingest;
            RoleProcess streams0 = streams;
            Future<RoleProcess> ingestChain = chains.submit(() -> killAndRestart(killAndRestart(ingest0, runStart, 3,
                    startIngest, all), runStart, 12, startIngest, all));
            Future<RoleProcess> streamsChain = chains.submit(() -> killAndRestart(killAndRestart(streams0, runStart, 6,
                    startStreams, all), runStart, 15, startStreams, all));
            api = killAndRestart(api, runStart, 9, startApi, all);
            try {
                ingest = ingestChain.get(150, TimeUnit.SECONDS);
                streams = streamsChain.get(150, TimeUnit.SECONDS);
            } finally {
                chains.shutdownNow();
            }
            for (RoleProcess r : List.of(ingest, streams, api)) {
                r.awaitReady(Duration.ofSeconds(60));
            }

            // the incident on the API, acknowledged; then the second api kill: the acknowledgement must survive it
            RoleProcess apiNow = api;
            JsonNode incident = await(() -> incidents(apiNow.port, crisis).size() == 1, Duration.ofSeconds(90),
                    "the incident of " + crisis + " on the API", () -> incidents(apiNow.port, crisis).get(0));
            String fp = incident.path("fingerprint").asText();
            HttpResponse<String> ack = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
                    + "/api/v1/incidents/" + fp + "/acknowledge")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"on it\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ack.statusCode()).as(ack.body()).isBetween(200, 204);
            api = killAndRestart(api, runStart, 0, startApi, all);
            api.awaitReady(Duration.ofSeconds(60));

            Output out = readOutput(bootstrap, keys, brands, Duration.ofSeconds(90));
            System.out.printf("run of %d mentions: enriched %d (distinct %d), raw copies beyond one: %d, alerts %d, "
                    + "%d ms after the roles were up%n", mentions.size(), out.enriched, out.enrichedPerKey.size(),
                    rawDuplicates(bootstrap, keys), out.alerts.size(), ms(runStart));

            assertThat(out.enrichedPerKey.keySet()).as("every mention came out enriched").isEqualTo(keys);
            assertThat(out.enrichedPerKey.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey)
                    .toList()).as("mentions enriched more than once").isEmpty();

            // One incident per rule, all of the storm's brand: none lost or doubled by the kills.
            Map<String, Set<Instant>> incidents = new HashMap<>();
            out.alerts.stream().filter(a -> a.state() == Alert.State.FIRING)
                    .forEach(a -> incidents.computeIfAbsent(a.brand() + "/" + a.rule(), k -> new HashSet<>()).add(a.startsAt()));
            assertThat(incidents).as("incidents (distinct startsAt of FIRING alerts) per brand and rule")
                    .containsKey(crisis + "/" + AlertRules.NEGATIVE_VOLUME_SPIKE)
                    .allSatisfy((brandRule, starts) -> {
                        assertThat(brandRule).startsWith(crisis + "/");
                        assertThat(starts).as("one incident of " + brandRule).hasSize(1);
                    });
            assertThat(out.alerts.stream().map(a -> a.fingerprint() + "/" + a.state() + "/" + a.severity() + "/"
                    + a.updatedAt()).toList()).as("no alert record published twice").doesNotHaveDuplicates();

            for (BrandSettings b : brands) {
                assertThat(timelineVolume(streamsPort, b.id(), start)).as("timeline volume of " + b.id())
                        .isEqualTo(out.enrichedPerBrand.getOrDefault(b.id(), 0L));
            }

            RoleProcess apiAfter = api;
            List<JsonNode> listed = await(() -> incidents(apiAfter.port, crisis).size() == 1, Duration.ofSeconds(30),
                    "the incident after the api's restart", () -> incidents(apiAfter.port, crisis));
            assertThat(listed.get(0).path("fingerprint").asText()).isEqualTo(fp);
            assertThat(listed.get(0).path("state").asText()).as("lifecycle after the api kill").isEqualTo("acknowledged");
            for (BrandSettings b : brands) {
                if (!b.id().equals(crisis)) {
                    assertThat(incidents(apiAfter.port, b.id())).as("incidents of " + b.id()).isEmpty();
                }
            }
            System.out.printf("roles killed: %s; total %d ms%n", all.stream().map(r -> r.role).toList(), ms(t0));
        } finally {
            for (RoleProcess r : started) {
                r.stop();
            }
        }
    }

    /** Waits until {@code atSecond} after {@code runStart}, SIGKILLs {@code r}, starts it again at once. */
    private static RoleProcess killAndRestart(RoleProcess r, long runStart, int atSecond,
            Supplier<RoleProcess> restart, List<RoleProcess> killed) throws InterruptedException {
        long wait = TimeUnit.SECONDS.toMillis(atSecond) - ms(runStart);
        if (wait > 0) {
            Thread.sleep(wait);
        }
        r.awaitReady(Duration.ofSeconds(60)); // kill a working instance, not one still starting
        r.kill();
        killed.add(r);
        System.out.printf("+%d ms: %s SIGKILLed and restarted%n", ms(runStart), r.role);
        return restart.get();
    }

    private static RoleProcess add(List<RoleProcess> started, RoleProcess p) {
        started.add(p);
        return p;
    }

    private static long ms(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    private static String q(String s) throws Exception {
        return Json.MAPPER.writeValueAsString(s); // a JSON string is a YAML double-quoted scalar
    }

    /** A shared broker: the application starts at the end of what other tests left on the raw topic. */
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

    private static final class Output {
        final Map<String, Integer> enrichedPerKey = new HashMap<>();
        final Map<String, Long> enrichedPerBrand = new HashMap<>();
        final List<Alert> alerts = new ArrayList<>();
        int enriched;
    }

    /**
     * Reads the enriched and alert topics with read_committed until every mention came out and an alert fired (or
     * {@code timeout}), then 3 s more so that a duplicate would show.
     */
    private static Output readOutput(String bootstrap, Set<String> keys, List<BrandSettings> brands, Duration timeout) {
        Output out = new Output();
        Set<String> ids = brands.stream().map(BrandSettings::id).collect(Collectors.toSet());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "roles-killed-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.MENTIONS_ENRICHED.name(), Topics.ALERTS.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    if (r.topic().equals(Topics.ALERTS.name())) {
                        Alert a = Topics.ALERT_SERDE.fromBytes(r.value());
                        if (ids.contains(a.brand())) {
                            out.alerts.add(a);
                        }
                    } else {
                        Mention m = Topics.MENTION_SERDE.fromBytes(r.value());
                        if (keys.contains(m.key())) {
                            out.enriched++;
                            out.enrichedPerKey.merge(m.key(), 1, Integer::sum);
                            out.enrichedPerBrand.merge(r.key(), 1L, Long::sum);
                        }
                    }
                }
                if (settle == Long.MAX_VALUE && out.enrichedPerKey.size() == keys.size()
                        && out.alerts.stream().anyMatch(a -> a.state() == Alert.State.FIRING)) {
                    settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                }
            }
        }
        return out;
    }

    /** Copies of the run's mentions on the raw topic beyond the first (the ingest role's at-least-once). */
    private static long rawDuplicates(String bootstrap, Set<String> keys) {
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "roles-killed-raw-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.MENTIONS_RAW.name()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int idle = 0;
            while (System.nanoTime() < deadline && idle < 5) {
                var records = c.poll(Duration.ofMillis(300));
                idle = records.isEmpty() ? idle + 1 : 0;
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (r.key() != null && keys.contains(r.key())) {
                        copies.merge(r.key(), 1, Integer::sum);
                    }
                }
            }
        }
        return copies.values().stream().mapToLong(n -> n - 1L).sum();
    }

    private long timelineVolume(int port, String brand, Instant start) throws Exception {
        String q = "brand=" + URLEncoder.encode(brand, StandardCharsets.UTF_8) + "&from="
                + start.minus(Duration.ofMinutes(5)) + "&to=" + Instant.now().plus(Duration.ofMinutes(5));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/internal/timeline?" + q)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        long volume = 0;
        for (JsonNode p : Json.MAPPER.readTree(r.body())) {
            volume += p.path("volume").asLong();
        }
        return volume;
    }

    private List<JsonNode> incidents(int port, String brand) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/incidents?brand=" + URLEncoder.encode(brand, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return List.of();
            }
            List<JsonNode> out = new ArrayList<>();
            // The crisis is a volume spike; its repeated texts may also raise crisis rules (emerging term,
            // copy-paste storm) as incidents of their own. This test follows the spike's incident.
            Json.MAPPER.readTree(r.body()).path("incidents").forEach(n -> {
                if (AlertRules.NEGATIVE_VOLUME_SPIKE.equals(n.path("rule").asText())) {
                    out.add(n);
                }
            });
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    private interface Check<T> {
        T get() throws Exception;
    }

    private static <T> T await(BooleanSupplier condition, Duration timeout, String what, Check<T> then)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(300);
        }
        return then.get();
    }
}
