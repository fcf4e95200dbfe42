package io.monitor.ingest.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.DemoSettings;
import io.monitor.core.config.IngestSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.ingest.IngestService;
import io.monitor.ingest.testing.TopicReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Bluesky connector on a real broker: the recorded Jetstream frames, a first connection that goes silent midway,
 * a restart of the whole ingest that resumes from the cursor stored in Kafka: the six matching posts arrive once each.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BlueskyIngestIT {

    static List<String> blueskyIds(List<ConsumerRecord<String, Mention>> records) {
        // the shared broker also holds the derived posts of BlueskyWholeRunFaultsIT (rkeys starting "wholerun")
        return records.stream().map(ConsumerRecord::value).filter(m -> m.platform().equals("bluesky"))
                .map(Mention::id).filter(id -> !id.contains("/" + BlueskyWholeRunFaultsIT.WHOLE_RUN)).toList();
    }

    @Test
    void theMatchingPostsArriveOnceAcrossARestartFromTheKafkaCursor() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        JetstreamReplay jetstream = new JetstreamReplay();
        jetstream.start();
        jetstream.stallAfter = 54; // the first connection goes silent after three matching posts
        try (TopicReader<String, Mention> mentions = new TopicReader<>(bootstrap, Topics.MENTIONS_RAW)) {
            SourceSettings bsky = new SourceSettings("bsky-it-" + UUID.randomUUID().toString().substring(0, 8),
                    "bluesky", true, jetstream.url(), null, null, List.of(), Map.of("fetchWindow", "200ms"));
            MonitorSettings s = new MonitorSettings(null, BlueskyConnectorTest.BRANDS, new IngestSettings(
                    new DemoSettings(false, null, null, null, null, null, null), List.of(bsky)), null, null, null, null);

            try (IngestService ingest = IngestService.start(s, bootstrap, new SimpleMeterRegistry(), Clock.systemUTC())) {
                mentions.readUntil(r -> blueskyIds(r).containsAll(BlueskyConnectorTest.EXPECTED.subList(0, 3)),
                        Duration.ofSeconds(30));
                Thread.sleep(500); // let the runner store the cursor of that batch
            }
            try (IngestService ingest = IngestService.start(s, bootstrap, new SimpleMeterRegistry(), Clock.systemUTC())) {
                mentions.readUntil(r -> blueskyIds(r).containsAll(BlueskyConnectorTest.EXPECTED), Duration.ofSeconds(30));
                mentions.readFor(Duration.ofSeconds(1));
            }
            // six partitions: no global order, but each post exactly once
            assertThat(blueskyIds(mentions.records)).containsExactlyInAnyOrderElementsOf(BlueskyConnectorTest.EXPECTED);
            assertThat(jetstream.handshakes).hasSize(2);
            assertThat(jetstream.handshakes.get(1)).contains("&cursor=");
        } finally {
            jetstream.stop(1000);
        }
    }
}
