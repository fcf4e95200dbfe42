package io.monitor.ingest.x;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.ingest.testing.IngestProcess;
import io.monitor.ingest.testing.ReplayServer;
import io.monitor.ingest.testing.TopicReader;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The X filtered stream on a real broker, through the real runner, publisher and Kafka cursor store: a first
 * process streams five recorded posts (and a malformed line) and stops; the restarted process fills the gap with
 * recent search from the cursor it reads back from Kafka while the stream sends a post the gap fill also found, then
 * the stream drops and the reconnect fills the (empty) gap again. Every post reaches the topic exactly once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class XStreamIngestIT {
    static final String TAG = "monitor:q0";

    static List<String> xIds(List<ConsumerRecord<String, Mention>> records) {
        return records.stream().map(ConsumerRecord::value).filter(m -> m.platform().equals("x")).map(Mention::id)
                .toList();
    }

    /** One ingest process: a runner on its own thread with the real publisher and cursor store. */
    static IngestProcess process(String bootstrap, SourceSettings s) {
        return new IngestProcess(bootstrap, s,
                ctx -> new XFilteredStreamConnector(ctx, Map.of("X_BEARER", "test-bearer")::get, HttpClient.newHttpClient()), "x-it");
    }

    @Test
    void everyPostArrivesOnceAcrossARestartAndADrop_theGapsAreFilledFromTheKafkaCursor() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String id = "x-it-" + UUID.randomUUID().toString().substring(0, 8);
        SourceSettings s = new SourceSettings(id, "x", true, null, null, "X_BEARER", List.of(),
                Map.of("mode", "stream", "queries", "Tweepy", "fetchWindow", "200ms"));
        List<String> all = XApiReplay.TWEETS.stream().map(t -> t.path("id").asText()).toList();
        try (XApiReplay x = new XApiReplay();
             TopicReader<String, Mention> mentions = new TopicReader<>(bootstrap, Topics.MENTIONS_RAW);
             TopicReader<String, DeadLetter> dead = new TopicReader<>(bootstrap, Topics.DEAD_LETTERS)) {
            s = new SourceSettings(id, "x", true, x.baseUrl(), null, "X_BEARER", List.of(), s.options());
            for (int i = 0; i < 5; i++) {
                x.live(1).add(XApiReplay.message(i, TAG));
            }
            x.live(1).add("{\"data\":{\"id\":\"not a number\"}}");
            try (IngestProcess first = process(bootstrap, s)) {
                mentions.readUntil(r -> xIds(r).containsAll(all.subList(0, 5)), Duration.ofSeconds(30));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.cursors.load(id)
                        .filter(c -> c.contains(all.get(4))).isPresent());
            }
            assertThat(x.searches).isEmpty();

            x.live(2).addAll(List.of(XApiReplay.message(7, TAG), XApiReplay.KEEP_ALIVE, XApiReplay.DROP));
            x.live(3).add(XApiReplay.KEEP_ALIVE);
            try (IngestProcess second = process(bootstrap, s)) {
                mentions.readUntil(r -> xIds(r).containsAll(all), Duration.ofSeconds(30));
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> x.connections.get() == 3
                        && x.searches.size() == 2);
                mentions.readFor(Duration.ofSeconds(1));
            }

            assertThat(xIds(mentions.records)).containsExactlyInAnyOrderElementsOf(all);
            assertThat(x.searches).extracting(u -> ReplayServer.query(u).get("since_id"))
                    .containsExactly(all.get(4), all.get(9));
            dead.readUntil(r -> r.stream().anyMatch(d -> d.value().value().contains("not a number")),
                    Duration.ofSeconds(10));
            assertThat(dead.records).filteredOn(d -> d.value().value().contains("not a number")).singleElement()
                    .satisfies(d -> assertThat(d.value().reason()).contains("numeric id"));
        }
    }
}
