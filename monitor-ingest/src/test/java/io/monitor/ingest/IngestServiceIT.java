package io.monitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DemoSettings;
import io.monitor.core.config.IngestSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.ingest.hackernews.AlgoliaReplayAccess;
import io.monitor.ingest.testing.ReplayServer;
import io.monitor.ingest.testing.TopicReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ingest role on a real broker: a Hacker News connector against a local Algolia replay publishes exactly the
 * expected mentions, dead-letters a garbage answer, and after a restart resumes from the cursor stored in Kafka
 * without duplicates; the demo source's mentions deserialize with {@link Topics#MENTIONS_RAW}'s serde.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class IngestServiceIT {
    static String bootstrap;

    @BeforeAll
    static void broker() {
        bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
    }

    static MonitorSettings settings(DemoSettings demo, SourceSettings... sources) {
        return new MonitorSettings(null, List.of(new BrandSettings("apple", "Apple", "apple OR #apple",
                List.of("apple"))), new IngestSettings(demo, List.of(sources)), null, null, null, null);
    }

    static List<String> ids(List<ConsumerRecord<String, Mention>> records, String platform) {
        return records.stream().map(ConsumerRecord::value).filter(m -> m.platform().equals(platform))
                .map(Mention::id).toList();
    }

    @Test
    void aConnectorPublishesExactlyTheReplayedMentions_andAfterARestartResumesFromItsKafkaCursorWithoutDuplicates()
            throws Exception {
        String connectorId = "hn-it-" + UUID.randomUUID().toString().substring(0, 8);
        // unique object ids per run, as the shared broker may hold records of earlier tests
        long base = 50_000_000L + (System.nanoTime() % 1_000_000L) * 10;
        AlgoliaReplayAccess algolia = new AlgoliaReplayAccess();
        algolia.addReal();
        for (int i = 1; i <= 3; i++) {
            algolia.addDerived(String.valueOf(base + i), 1403235400L + i);
        }
        try (ReplayServer server = new ReplayServer(algolia.handler());
             TopicReader<String, Mention> mentions = new TopicReader<>(bootstrap, Topics.MENTIONS_RAW);
             TopicReader<String, DeadLetter> dead = new TopicReader<>(bootstrap, Topics.DEAD_LETTERS);
             TopicReader<String, String> cursors = new TopicReader<>(bootstrap, Topics.CONNECTOR_CURSORS);
             TopicReader<String, ConnectorHealth> health = new TopicReader<>(bootstrap, Topics.CONNECTOR_HEALTH)) {
            server.fault(new ReplayServer.Status(200, Map.of(), "garbage, not JSON"));
            SourceSettings hn = new SourceSettings(connectorId, "hackernews", true, server.baseUrl() + "/api/v1",
                    Duration.ofMillis(300), null, List.of(), Map.of("lookback", "5000d"));
            MonitorSettings s = settings(new DemoSettings(false, null, null, null, null, null, null), hn);
            Set<String> first = Set.of("7919418", "7919424", String.valueOf(base + 1), String.valueOf(base + 2),
                    String.valueOf(base + 3));

            try (IngestService ingest = IngestService.start(s, bootstrap, new SimpleMeterRegistry(), Clock.systemUTC())) {
                mentions.readUntil(r -> ids(r, "hackernews").containsAll(first), Duration.ofSeconds(30));
                dead.readUntil(r -> r.stream().anyMatch(d -> d.key().equals(connectorId)), Duration.ofSeconds(10));
                // let it poll a few more times: nothing may be published twice
                int before = server.requests.size();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> server.requests.size() >= before + 3);
            }
            DeadLetter d = dead.records.stream().filter(r -> r.key().equals(connectorId)).findFirst().orElseThrow()
                    .value();
            assertThat(d.value()).isEqualTo("garbage, not JSON");
            assertThat(d.reason()).contains("not a search result");
            assertThat(d.stage()).isEqualTo("ingest:hackernews");

            // while it is down, two more hits appear (one in the same second as the newest one seen)
            algolia.addDerived(String.valueOf(base + 4), 1403235403L);
            algolia.addDerived(String.valueOf(base + 5), 1403235500L);
            int requestsBeforeRestart = server.requests.size();
            try (IngestService ingest = IngestService.start(s, bootstrap, new SimpleMeterRegistry(), Clock.systemUTC())) {
                mentions.readUntil(r -> ids(r, "hackernews").containsAll(Set.of(String.valueOf(base + 4),
                        String.valueOf(base + 5))), Duration.ofSeconds(30));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> server.requests.size() >= requestsBeforeRestart + 4);
            }
            mentions.readFor(Duration.ofSeconds(1));

            Set<String> expected = new java.util.HashSet<>(first);
            expected.addAll(Set.of(String.valueOf(base + 4), String.valueOf(base + 5)));
            List<String> published = ids(mentions.records, "hackernews").stream().filter(expected::contains).toList();
            assertThat(published).doesNotHaveDuplicates().hasSize(7);
            assertThat(mentions.records).filteredOn(r -> r.value().platform().equals("hackernews"))
                    .allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().key()));
            // the restart's first request started from the stored cursor, not from the lookback
            String resumed = server.requests.get(requestsBeforeRestart).getQuery();
            assertThat(resumed).contains("created_at_i>=" + (1403235403L - 300));
            cursors.readFor(Duration.ofMillis(500));
            assertThat(cursors.records.stream().filter(r -> r.key().equals(connectorId)).reduce((a, b) -> b)
                    .orElseThrow().value()).contains("\"t\":1403235500");
            health.readUntil(r -> r.stream().anyMatch(h -> h.key().equals(connectorId)
                    && h.value().status() == ConnectorHealth.Status.UP), Duration.ofSeconds(10));
        }
    }

    @Test
    void theDemoSourcePublishesMentionsAndACrisisThatDeserializeWithTheRawTopicsSerde() {
        DemoSettings demo = new DemoSettings(true, 40.0, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofSeconds(3), 30.0, 7L);
        try (TopicReader<String, Mention> mentions = new TopicReader<>(bootstrap, Topics.MENTIONS_RAW);
             TopicReader<String, ConnectorHealth> health = new TopicReader<>(bootstrap, Topics.CONNECTOR_HEALTH)) {
            IngestService ingest = IngestService.start(settings(demo), bootstrap, new SimpleMeterRegistry(),
                    Clock.systemUTC());
            try {
                mentions.readUntil(r -> r.stream().filter(m -> m.value().id().contains("-c0-")).count() >= 30,
                        Duration.ofSeconds(30));
            } finally {
                long t0 = System.nanoTime();
                ingest.close();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
            }
            List<Mention> demoMentions = mentions.records.stream().map(ConsumerRecord::value)
                    .filter(m -> m.platform().equals("demo")).toList();
            assertThat(demoMentions.size()).isGreaterThan(60);
            assertThat(demoMentions).allSatisfy(m -> assertThat(m.text()).containsIgnoringCase("apple"));
            Set<String> crisisTerms = demoMentions.stream().filter(m -> m.id().contains("-c0-"))
                    .map(m -> m.text().replaceAll(".*(#apple\\w+).*", "$1")).collect(Collectors.toSet());
            assertThat(crisisTerms).hasSize(1);
            health.readUntil(r -> r.stream().anyMatch(h -> h.key().equals("demo")), Duration.ofSeconds(10));
        }
    }
}
