package io.monitor.ingest.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.ingest.ConnectorRunner;
import io.monitor.ingest.RetryPolicy;
import io.monitor.ingest.testing.FakeClock;
import io.monitor.ingest.testing.InMemoryCursorStore;
import io.monitor.ingest.testing.InMemorySink;
import io.monitor.ingest.testing.RecordingSleeper;
import io.monitor.ingest.testing.ReplayServer;
import io.monitor.ingest.testing.StreamFetches;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The filtered-stream connector against a local X API ({@link XApiReplay}) replaying the recorded recent-search
 * posts, on a fake clock: rules, keep-alives, drops, stalls, the backoff X requires and the gap fill.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class XFilteredStreamConnectorTest {
    static final Instant NOW = Instant.parse("2022-10-07T22:45:00Z");
    static final String TAG = "monitor:q0";
    final FakeClock clock = new FakeClock(NOW);
    final XApiReplay x = new XApiReplay();
    final List<XFilteredStreamConnector> opened = new ArrayList<>();

    @AfterEach
    void stop() {
        opened.forEach(XFilteredStreamConnector::close);
        x.close();
    }

    XFilteredStreamConnector connector(Map<String, Object> extra) {
        Map<String, Object> options = new java.util.HashMap<>(Map.of("mode", "stream", "queries", "Tweepy",
                "fetchWindow", "100ms"));
        options.putAll(extra);
        SourceSettings s = new SourceSettings("x-stream", "x", true, x.baseUrl(), null, "X_BEARER", List.of(),
                options);
        XFilteredStreamConnector c = new XFilteredStreamConnector(new SourceContext("ingest.sources[4]", s, List.of(),
                clock, new HttpFetcher(clock)), Map.of("X_BEARER", "test-bearer")::get, HttpClient.newHttpClient());
        opened.add(c);
        return c;
    }

    /** Fetches until {@code n} mentions came (the stream is read in the background), acknowledging every batch. */
    static List<String> fetchIds(XFilteredStreamConnector c, String[] cursor, int n) throws Exception {
        return fetchIds(c, cursor, n, 100);
    }

    static List<String> fetchIds(XFilteredStreamConnector c, String[] cursor, int n, int maxFetches) throws Exception {
        return StreamFetches.fetch(c, cursor, n, maxFetches).stream().map(Mention::id)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    static FetchException failure(XFilteredStreamConnector c, String cursor) {
        return StreamFetches.failure(c, cursor);
    }

    @Test
    void beforeConnecting_staleRulesOfOursAreDeleted_missingOnesAdded_otherToolsRulesLeftAlone() throws Exception {
        x.addRule("1", "old brand query", "monitor:q0");
        x.addRule("2", "cats has:images", "cats with images");
        x.addRule("3", "\"Fjord Phone\"", "monitor:fjordphone");

        connector(Map.of("queries", List.of("Tweepy", "\"Fjord Phone\""))).fetch(null);

        assertThat(x.rulePosts).containsExactly("{\"delete\":{\"ids\":[\"1\",\"3\"]}}",
                "{\"add\":[{\"value\":\"Tweepy\",\"tag\":\"monitor:q0\"},{\"value\":\"\\\"Fjord Phone\\\"\",\"tag\":\"monitor:q1\"}]}");
        assertThat(x.rules).extracting(r -> r.path("value").asText())
                .containsExactlyInAnyOrder("cats has:images", "Tweepy", "\"Fjord Phone\"");
        assertThat(x.connections).hasValue(1);
    }

    @Test
    void whenTheRulesAlreadyMatch_nothingIsPosted() throws Exception {
        x.addRule("7", "Tweepy", TAG);
        connector(Map.of()).fetch(null);
        assertThat(x.rulePosts).isEmpty();
    }

    @Test
    void postsAreMappedAcrossKeepAlives_otherToolsMatchesAreSkipped_garbageIsRejectedWithTheRawLine() throws Exception {
        XFilteredStreamConnector c = connector(Map.of());
        x.live.addAll(List.of(XApiReplay.message(0, TAG), XApiReplay.KEEP_ALIVE, XApiReplay.KEEP_ALIVE,
                XApiReplay.message(1, "cats with images"), "{\"data\":{\"id\":", XApiReplay.message(2, TAG)));
        List<Mention> mentions = new ArrayList<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        String cursor = null;
        for (int i = 0; i < 50 && mentions.size() < 2; i++) {
            Batch b = c.fetch(cursor);
            mentions.addAll(b.mentions());
            rejected.addAll(b.rejected());
            cursor = b.cursor();
        }
        assertThat(mentions).extracting(Mention::id).containsExactly(XApiReplay.id(0), XApiReplay.id(2));
        assertThat(mentions.get(0).text()).isEqualTo(XApiReplay.TWEETS.get(0).path("text").asText());
        assertThat(mentions.get(0).url()).isEqualTo("https://x.com/i/status/" + XApiReplay.id(0));
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.raw()).isEqualTo("{\"data\":{\"id\":");
            assertThat(r.reason()).startsWith("X stream line is not JSON");
        });
        assertThat(cursor).contains("\"newest\":\"" + XApiReplay.id(2) + "\"");
    }

    @Test
    void theExpandedAuthorAndCreationTimeOfAStreamMessageAreUsed() throws Exception {
        // the documented message shape with expansions=author_id (values made up, as in X's quickstart)
        String msg = "{\"data\":{\"id\":\"1578516068309794817\",\"text\":\"Tweepy hat ein Problem\","
                + "\"author_id\":\"42\",\"created_at\":\"2022-10-07T22:42:12.000Z\",\"lang\":\"de\","
                + "\"public_metrics\":{\"like_count\":3,\"retweet_count\":1,\"reply_count\":0,\"quote_count\":0}},"
                + "\"includes\":{\"users\":[{\"id\":\"42\",\"username\":\"anna\",\"name\":\"Anna\","
                + "\"public_metrics\":{\"followers_count\":1200}}]},"
                + "\"matching_rules\":[{\"id\":\"1\",\"tag\":\"monitor:q0\"}]}";
        XFilteredStreamConnector c = connector(Map.of());
        x.live.add(msg);
        List<Mention> got = new ArrayList<>();
        String cursor = null;
        for (int i = 0; i < 50 && got.isEmpty(); i++) {
            Batch b = c.fetch(cursor);
            got.addAll(b.mentions());
            cursor = b.cursor();
        }
        assertThat(got).singleElement().satisfies(m -> {
            assertThat(m.author()).isEqualTo(new Mention.Author("42", "anna", "Anna", 1200));
            assertThat(m.url()).isEqualTo("https://x.com/anna/status/1578516068309794817");
            assertThat(m.createdAt()).isEqualTo(Instant.parse("2022-10-07T22:42:12Z"));
            assertThat(m.language()).isEqualTo("de");
            assertThat(m.engagement()).isEqualTo(new Mention.Engagement(3, 1, 0, 0));
        });
    }

    @Test
    void afterADrop_theReconnectWaits250ms_andRecentSearchFillsTheGapWithoutDuplicates() throws Exception {
        XFilteredStreamConnector c = connector(Map.of());
        for (int i = 0; i < 5; i++) {
            x.live.add(XApiReplay.message(i, TAG));
        }
        x.live.add(XApiReplay.DROP);
        String[] cursor = {null};
        List<String> ids = fetchIds(c, cursor, 5);

        FetchException drop = failure(c, cursor[0]);
        assertThat(drop.kind()).isEqualTo("network");
        assertThat(drop.retryAfter()).isEqualTo(Duration.ofMillis(250));
        assertThat(cursor[0]).contains("\"newest\":\"" + XApiReplay.id(4) + "\"");

        // too early: no connection attempt, just the remaining wait
        clock.advance(Duration.ofMillis(100));
        assertThatThrownBy(() -> c.fetch(cursor[0])).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(150)));
        assertThat(x.connections).hasValue(1);

        // the new connection also streams two posts the gap fill finds: each is published once
        x.live.addAll(List.of(XApiReplay.message(8, TAG), XApiReplay.message(9, TAG)));
        clock.advance(Duration.ofMillis(150));
        ids.addAll(fetchIds(c, cursor, 5));
        List<String> more = fetchIds(c, cursor, 1, 5); // anything late would show up here
        ids.addAll(more);

        assertThat(ids).containsExactlyElementsOf(XApiReplay.TWEETS.stream().map(t -> t.path("id").asText()).toList());
        assertThat(x.connections).hasValue(2);
        assertThat(x.searches).singleElement().satisfies(u ->
                assertThat(ReplayServer.query(u)).containsEntry("since_id", XApiReplay.id(4)).containsEntry("query", "Tweepy"));
        assertThat(cursor[0]).doesNotContain("gapFrom").contains("\"newest\":\"" + XApiReplay.id(9) + "\"");
    }

    @Test
    void givenAStoredCursor_whenTheConnectorStarts_thenTheGapSinceTheNewestPostIsFilledFirst() throws Exception {
        String[] cursor = {"{\"newest\":\"" + XApiReplay.id(6) + "\",\"n\":3}"};
        List<String> ids = fetchIds(connector(Map.of()), cursor, 3);
        assertThat(ids).containsExactly(XApiReplay.id(7), XApiReplay.id(8), XApiReplay.id(9));
        assertThat(cursor[0]).isEqualTo("{\"newest\":\"" + XApiReplay.id(9) + "\",\"n\":4}");
    }

    @Test
    void aCursorOfTheSearchModeCarriesOn_whenTheSourceSwitchesToStreaming() throws Exception {
        String[] cursor = {"{\"Tweepy\":\"" + XApiReplay.id(8) + "\"}"};
        assertThat(fetchIds(connector(Map.of()), cursor, 1)).containsExactly(XApiReplay.id(9));
        assertThat(x.searches).singleElement().satisfies(u ->
                assertThat(ReplayServer.query(u)).containsEntry("since_id", XApiReplay.id(8)));
    }

    @Test
    void silenceFor20Seconds_dropsTheConnection_reconnectsAfter250ms_andFillsTheGap() throws Exception {
        XFilteredStreamConnector c = connector(Map.of());
        x.live.addAll(List.of(XApiReplay.message(0, TAG), XApiReplay.KEEP_ALIVE, XApiReplay.STALL));
        String[] cursor = {null};
        fetchIds(c, cursor, 1);
        c.fetch(cursor[0]);
        clock.advance(Duration.ofSeconds(19));
        assertThat(c.fetch(cursor[0]).mentions()).isEmpty(); // quiet, but not for 20 s yet

        clock.advance(Duration.ofSeconds(2));
        FetchException stall = failure(c, cursor[0]);
        assertThat(stall.kind()).isEqualTo("stall");
        assertThat(stall.getMessage()).contains("no data and no keep-alive");
        assertThat(stall.retryAfter()).isEqualTo(Duration.ofMillis(250));

        clock.advance(Duration.ofMillis(250));
        x.live.add(XApiReplay.message(1, TAG));
        // the gap since post 0 is filled from recent search (posts 1-9); post 1 also streamed comes once
        List<String> ids = fetchIds(c, cursor, 9);
        ids.addAll(fetchIds(c, cursor, 1, 5));
        assertThat(ids).containsExactlyElementsOf(XApiReplay.TWEETS.subList(1, 10).stream()
                .map(t -> t.path("id").asText()).toList());
        assertThat(x.connections).hasValue(2);
        assertThat(x.searches).singleElement().satisfies(u ->
                assertThat(ReplayServer.query(u)).containsEntry("since_id", XApiReplay.id(0)));
    }

    @Test
    void theBackoffFollowsXsRules_httpErrorsDoubleFrom5s_429DoublesFrom60s() throws Exception {
        XFilteredStreamConnector c = connector(Map.of());
        x.fault(503);
        x.fault(500);
        x.fault(503);
        x.fault(429);
        x.fault(429);
        List<String> kinds = new ArrayList<>();
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FetchException e = failure(c, null);
            kinds.add(e.kind());
            waits.add(e.retryAfter());
            clock.advance(e.retryAfter());
        }
        assertThat(kinds).containsExactly("server", "server", "server", "rate_limited", "rate_limited");
        assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(60), Duration.ofSeconds(120));
        assertThat(x.connections).hasValue(5);
        x.live.add(XApiReplay.message(3, TAG));
        assertThat(fetchIds(c, new String[] {null}, 1)).containsExactly(XApiReplay.id(3));
    }

    @Test
    void throughTheRunner_reconnectsComeExactlyWhenXAllows_evenAfterTheRetryBudgetIsSpent() throws Exception {
        x.clock = clock::instant;
        for (int status : new int[] {503, 500, 503, 429, 429, 429}) {
            x.fault(status);
        }
        x.live.add(XApiReplay.message(0, TAG));
        InMemorySink sink = new InMemorySink();
        Thread t = new Thread(new ConnectorRunner(connector(Map.of()), sink, new InMemoryCursorStore(),
                RetryPolicy.DEFAULT, clock, new RecordingSleeper(clock), new SimpleMeterRegistry()));
        t.start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !sink.mentions.isEmpty());
        } finally {
            t.interrupt();
            t.join(5000);
        }
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < x.connectionTimes.size(); i++) {
            gaps.add(Duration.between(x.connectionTimes.get(i - 1), x.connectionTimes.get(i)));
        }
        // HTTP errors: 5 s doubling; 429: 60 s doubling; the 6th failure is past the runner's 5 retries, and the
        // runner still waits what X asks rather than its one-minute poll interval
        assertThat(gaps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240));
        assertThat(sink.ids()).containsExactly(XApiReplay.id(0));
    }

    @Test
    void aWrongBearerTokenStopsTheConnectorWithAMessageNamingTheVariable() {
        SourceSettings s = new SourceSettings("x-stream", "x", true, x.baseUrl(), null, "X_BEARER", List.of(),
                Map.of("mode", "stream", "queries", "Tweepy"));
        XFilteredStreamConnector c = new XFilteredStreamConnector(new SourceContext("k", s, List.of(), clock,
                new HttpFetcher(clock)), Map.of("X_BEARER", "wrong")::get, HttpClient.newHttpClient());
        opened.add(c);
        assertThatThrownBy(() -> c.fetch(null)).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("credentialEnv");
        });
    }

    @Test
    void aBatchKafkaDidNotAcknowledgeIsHandedOutAgain() throws Exception {
        XFilteredStreamConnector c = connector(Map.of());
        x.live.add(XApiReplay.message(0, TAG));
        Batch first = null;
        for (int i = 0; i < 50 && (first == null || first.mentions().isEmpty()); i++) {
            first = c.fetch(first == null ? null : first.cursor());
        }
        String before = "{\"n\":0}";
        Batch again = c.fetch(before); // the runner passes the old cursor: publishing failed
        assertThat(again).isSameAs(first);
        Batch next = c.fetch(first.cursor());
        assertThat(next.mentions()).isEmpty();
    }

    @Test
    void theOneXTypeStreamsOrPollsByMode() {
        SourceSettings stream = new SourceSettings("x1", "x", true, x.baseUrl(), null, "X_BEARER", List.of(),
                Map.of("mode", "stream"));
        List<BrandSettings> brands = List.of(new BrandSettings("b", "B", "b", List.of()));
        assertThat(XConnectors.create(new SourceContext("k", stream, brands, clock, new HttpFetcher(clock))))
                .isInstanceOf(XFilteredStreamConnector.class);
        SourceSettings poll = new SourceSettings("x2", "x", true, x.baseUrl(), null, "X_BEARER", List.of(), Map.of());
        assertThat(XConnectors.create(new SourceContext("k", poll, brands, clock, new HttpFetcher(clock))))
                .isInstanceOf(XRecentSearchConnector.class);
        SourceSettings bad = new SourceSettings("x3", "x", true, null, null, "X_BEARER", List.of(),
                Map.of("mode", "firehose"));
        assertThatThrownBy(() -> XConnectors.create(new SourceContext("ingest.sources[2]", bad, brands, clock,
                new HttpFetcher(clock)))).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("ingest.sources[2].options.mode");
    }

    @Test
    void oneRulePerBrandTaggedWithTheBrandId() {
        assertThat(XFilteredStreamConnector.wantedRules(List.of(), List.of(new BrandSettings("fjordphone",
                "Fjord Phone", "x", List.of("fjordphone"))))).containsExactly(new XStreamRules.Rule(null,
                "(\"Fjord Phone\" OR #fjordphone) -is:retweet", "monitor:fjordphone"));
    }
}
