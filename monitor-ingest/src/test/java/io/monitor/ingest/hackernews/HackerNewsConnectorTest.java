package io.monitor.ingest.hackernews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.ConnectorRunner;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.RetryPolicy;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import io.monitor.ingest.testing.FakeClock;
import io.monitor.ingest.testing.InMemoryCursorStore;
import io.monitor.ingest.testing.InMemorySink;
import io.monitor.ingest.testing.RecordingSleeper;
import io.monitor.ingest.testing.ReplayServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HackerNewsConnectorTest {
    static final Instant NOW = Instant.parse("2014-06-20T04:00:00Z");
    final FakeClock clock = new FakeClock(NOW);
    final AlgoliaReplay algolia = new AlgoliaReplay();
    final ReplayServer server = new ReplayServer(algolia);

    @AfterEach
    void stop() {
        server.close();
    }

    HackerNewsConnector connector(Map<String, Object> options) {
        SourceSettings s = new SourceSettings("hn", "hackernews", true, server.baseUrl() + "/api/v1",
                Duration.ofSeconds(60), null, List.of(), options);
        return new HackerNewsConnector(new SourceContext("ingest.sources[0]", s,
                List.of(new BrandSettings("apple", "Apple", "apple", List.of())), clock, new HttpFetcher(clock)));
    }

    @Test
    void recordedStoryAndCommentAreMappedOldestFirstWithTextStrippedOfHtml() throws Exception {
        algolia.hits.addAll(List.of(AlgoliaReplay.STORY, AlgoliaReplay.COMMENT));

        Batch b = connector(Map.of()).fetch(null);

        assertThat(b.rejected()).isEmpty();
        assertThat(b.mentions()).extracting(Mention::id).containsExactly("7919418", "7919424");
        Mention comment = b.mentions().get(0);
        assertThat(comment.text()).startsWith("Yeah the article seems stupid, while technically they aren't")
                .contains("\nI'm not the biggest fan of starbucks").contains("Starbucks/Wal-Mart")
                .doesNotContain("<p>", "&#x27;");
        assertThat(comment.replyTo()).isEqualTo("7919290");
        assertThat(comment.author().handle()).isEqualTo("fleitz");
        assertThat(comment.createdAt()).isEqualTo(Instant.ofEpochSecond(1403235154));
        assertThat(comment.url()).isEqualTo("https://news.ycombinator.com/item?id=7919418");
        Mention story = b.mentions().get(1);
        assertThat(story.text()).isEqualTo("Judge says concerned about Apple, Google hiring settlement\n"
                + "http://in.reuters.com/article/2014/06/19/apple-google-settlement-idINL2N0P01ZI20140619");
        assertThat(story.replyTo()).isNull();
        assertThat(story.engagement().likes()).isEqualTo(1);
        assertThat(story.engagement().replies()).isZero();
        assertThat(story.ingestedAt()).isEqualTo(NOW);
    }

    @Test
    void givenAStoredCursor_whenLateIndexedAndNewHitsArrive_thenOnlyTheUnseenOnesAreReturnedOnce() throws Exception {
        algolia.hits.addAll(List.of(AlgoliaReplay.STORY, AlgoliaReplay.COMMENT));
        HackerNewsConnector hn = connector(Map.of());
        String cursor = hn.fetch(null).cursor();

        // a hit in the same second as the newest, one indexed late (older than the newest), one newer
        algolia.hits.add(AlgoliaReplay.derived(AlgoliaReplay.COMMENT, "9000001", 1403235346));
        algolia.hits.add(AlgoliaReplay.derived(AlgoliaReplay.COMMENT, "9000002", 1403235300));
        algolia.hits.add(AlgoliaReplay.derived(AlgoliaReplay.STORY, "9000003", 1403235400));
        clock.advance(Duration.ofMinutes(1));
        // a restarted connector: a new instance with only the stored cursor
        Batch second = connector(Map.of()).fetch(cursor);

        assertThat(second.mentions()).extracting(Mention::id).containsExactly("9000002", "9000001", "9000003");
        Batch third = connector(Map.of()).fetch(second.cursor());
        assertThat(third.mentions()).isEmpty();
        assertThat(third.cursor()).contains("\"t\":1403235400");
    }

    @Test
    void givenMoreHitsThanOnePage_whenFetched_thenEveryPageIsReadAndEachHitReturnedOnce() throws Exception {
        for (int i = 0; i < 25; i++) {
            algolia.hits.add(AlgoliaReplay.derived(AlgoliaReplay.STORY, "80000" + (10 + i), 1403234000 + i * 10));
        }
        Batch b = connector(Map.of("hitsPerPage", 10)).fetch(null);

        assertThat(b.mentions()).hasSize(25).extracting(Mention::id).doesNotHaveDuplicates();
        assertThat(server.requests).hasSize(3);
    }

    @Test
    void rateLimitAnswerIsRetryableWithTheWaitFromRetryAfter() {
        server.fault(new ReplayServer.Status(429, Map.of("Retry-After", "7"), "{\"message\":\"slow down\"}"));
        assertThatThrownBy(() -> connector(Map.of()).fetch(null)).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.kind()).isEqualTo("rate_limited");
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            assertThat(e.getMessage()).contains("HTTP 429").contains("slow down");
        });
    }

    @Test
    void serverErrorAndDroppedConnectionAreRetryable_authFailureIsFatal() {
        server.fault(new ReplayServer.Status(503, Map.of(), "busy"));
        server.fault(new ReplayServer.Drop());
        server.fault(new ReplayServer.Status(403, Map.of(), "forbidden"));
        HackerNewsConnector hn = connector(Map.of());
        assertThatThrownBy(() -> hn.fetch(null)).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.retryable()).isTrue());
        assertThatThrownBy(() -> hn.fetch(null)).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.kind()).isEqualTo("network");
        });
        assertThatThrownBy(() -> hn.fetch(null)).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("authentication failed");
        });
    }

    @Test
    void garbageBodyIsRejectedWithTheRawBytesAndTheCursorStays() throws Exception {
        server.fault(new ReplayServer.Status(200, Map.of(), "<html>Bad gateway</html>"));
        Batch b = connector(Map.of()).fetch("{\"t\":1403235000,\"seen\":{}}");

        assertThat(b.mentions()).isEmpty();
        assertThat(b.rejected()).singleElement().satisfies(r -> {
            assertThat(r.raw()).isEqualTo("<html>Bad gateway</html>");
            assertThat(r.reason()).contains("not a search result");
        });
        assertThat(b.cursor()).isEqualTo("{\"t\":1403235000,\"seen\":{}}");
    }

    @Test
    void aHitWithoutCreationTimeIsRejectedAndTheOthersStillFlow() throws Exception {
        algolia.hits.add(AlgoliaReplay.STORY);
        var broken = AlgoliaReplay.derived(AlgoliaReplay.COMMENT, "7000001", 1403235200);
        broken.put("comment_text", "");
        broken.putNull("title");
        algolia.hits.add(broken);

        Batch b = connector(Map.of()).fetch(null);

        assertThat(b.mentions()).extracting(Mention::id).containsExactly("7919424");
        assertThat(b.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains("7000001"));
    }

    @Test
    void inTheRunner_faultsAreRetriedAsAskedAndEveryMentionArrivesOnce() {
        algolia.hits.addAll(List.of(AlgoliaReplay.STORY, AlgoliaReplay.COMMENT));
        server.fault(new ReplayServer.Status(429, Map.of("Retry-After", "7"), ""));
        server.fault(new ReplayServer.Drop());
        server.fault(new ReplayServer.Status(500, Map.of(), "oops"));
        server.fault(new ReplayServer.Status(200, Map.of(), "not json"));
        InMemorySink sink = new InMemorySink();
        InMemoryCursorStore cursors = new InMemoryCursorStore();
        RecordingSleeper sleeper = new RecordingSleeper(clock);
        ConnectorRunner runner = new ConnectorRunner(connector(Map.of()), sink, cursors, RetryPolicy.DEFAULT, clock,
                d -> {
                    Thread.sleep(1);
                    sleeper.sleep(d);
                }, new SimpleMeterRegistry());
        Thread t = new Thread(runner);
        t.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sink.mentions.size() >= 2);
            algolia.hits.add(AlgoliaReplay.derived(AlgoliaReplay.STORY, "9100000", 1403235500));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sink.mentions.size() >= 3);
        } finally {
            t.interrupt();
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !t.isAlive());

        assertThat(sink.ids()).containsExactly("7919418", "7919424", "9100000");
        assertThat(sink.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.value()).isEqualTo("not json");
            assertThat(d.sourceTopic()).isEqualTo("hn");
        });
        assertThat(sleeper.sleeps).contains(Duration.ofSeconds(7));
        assertThat(cursors.cursors.get("hn")).contains("\"t\":1403235500");
    }
}
