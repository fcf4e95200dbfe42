package io.monitor.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.ingest.testing.IngestProcess;
import io.monitor.ingest.testing.ReplayServer;
import io.monitor.ingest.testing.TopicReader;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mastodon streaming on a real broker through the real runner, publisher and Kafka cursor store: a first process
 * streams two statuses and stops; while it is down two more are posted; the restarted process fills that gap over
 * REST from the cursor read back from Kafka while its stream repeats one of them and brings a new one, then the
 * stream drops and the reconnect's gap fill finds nothing new. Every status reaches the topic exactly once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MastodonStreamIngestIT {

    static String id(int n) {
        return String.valueOf(108914354907984653L + n);
    }

    static String update(int n) {
        return MastodonStreamReplay.update(MastodonReplay.derived(id(n), Instant.parse("2022-08-30T23:15:00Z")
                .plusSeconds(n), "<p>status " + n + " #nordbahn</p>"));
    }

    static List<String> ids(List<ConsumerRecord<String, Mention>> records) {
        return records.stream().map(ConsumerRecord::value).filter(m -> m.platform().equals("mastodon"))
                .map(Mention::id).filter(i -> i.startsWith("1089143549079846")).toList();
    }

    /** One ingest process: a runner on its own thread with the real publisher and cursor store. */
    static IngestProcess process(String bootstrap, SourceSettings s) {
        return new IngestProcess(bootstrap, s,
                ctx -> new MastodonStreamConnector(ctx, Map.of("MASTODON_TOKEN", "user-token")::get, HttpClient.newHttpClient()), "mastodon-it");
    }

    @Test
    void everyStatusArrivesOnceAcrossARestartAndADrop() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String sourceId = "masto-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> all = List.of(id(1), id(2), id(3), id(4), id(5));
        try (MastodonStreamReplay m = new MastodonStreamReplay();
             TopicReader<String, Mention> mentions = new TopicReader<>(bootstrap, Topics.MENTIONS_RAW)) {
            SourceSettings s = new SourceSettings(sourceId, "mastodon", true, m.baseUrl(), null, "MASTODON_TOKEN",
                    List.of(), Map.of("hashtags", "nordbahn", "fetchWindow", "200ms"));
            m.live("nordbahn", 1).addAll(List.of(update(1), update(2)));
            try (IngestProcess first = process(bootstrap, s)) {
                mentions.readUntil(r -> ids(r).containsAll(all.subList(0, 2)), Duration.ofSeconds(30));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.cursors.load(sourceId)
                        .filter(c -> c.contains(id(2))).isPresent());
            }
            for (int i = 1; i <= 4; i++) {
                m.rest.add("nordbahn", MastodonReplay.derived(id(i), Instant.parse("2022-08-30T23:15:00Z")
                        .plusSeconds(i), "<p>status " + i + " #nordbahn</p>"));
            }
            m.live("nordbahn", 2).addAll(List.of(update(4), update(5), MastodonStreamReplay.DROP));
            m.live("nordbahn", 3).add(":thump\n\n");
            try (IngestProcess second = process(bootstrap, s)) {
                mentions.readUntil(r -> ids(r).containsAll(all), Duration.ofSeconds(30));
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> m.streamRequests.size() == 3
                        && m.restRequests.size() == 2);
                mentions.readFor(Duration.ofSeconds(1));
            }
            assertThat(ids(mentions.records)).containsExactlyInAnyOrderElementsOf(all);
            assertThat(m.restRequests).extracting(u -> ReplayServer.query(u).get("min_id"))
                    .containsExactly(id(2), id(5));
        }
    }
}
