package io.monitor.ingest.mastodon;

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
import io.monitor.ingest.testing.FakeClock;
import io.monitor.ingest.testing.ReplayServer;
import io.monitor.ingest.testing.StreamFetches;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Mastodon streaming connector against a local instance ({@link MastodonStreamReplay}): the recorded SSE events,
 * drops and stalls on a fake clock, the REST gap fill with its rate limit, and no status twice.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MastodonStreamConnectorTest {
    static final Instant NOW = Instant.parse("2022-08-30T23:15:00Z");
    final FakeClock clock = new FakeClock(NOW);
    final MastodonStreamReplay m = new MastodonStreamReplay();
    final List<MastodonStreamConnector> opened = new ArrayList<>();

    @AfterEach
    void stop() {
        opened.forEach(MastodonStreamConnector::close);
        m.close();
    }

    MastodonStreamConnector connector(Map<String, Object> extra, String token) {
        Map<String, Object> options = new HashMap<>(Map.of("hashtags", "nordbahn", "fetchWindow", "100ms",
                "limit", 2));
        options.putAll(extra);
        SourceSettings s = new SourceSettings("masto-stream", "mastodon", true, m.baseUrl(), null, "MASTODON_TOKEN",
                List.of(), options);
        MastodonStreamConnector c = new MastodonStreamConnector(new SourceContext("ingest.sources[5]", s, List.of(),
                clock, new HttpFetcher(clock)), Map.of("MASTODON_TOKEN", token)::get, HttpClient.newHttpClient());
        opened.add(c);
        return c;
    }

    static String id(int n) {
        return String.valueOf(108914354907984653L + n);
    }

    static ObjectNodeMaker status(int n) {
        return new ObjectNodeMaker(n);
    }

    /** DERIVED statuses: the recorded REST status with another id, time and text. */
    record ObjectNodeMaker(int n) {
        com.fasterxml.jackson.databind.node.ObjectNode node() {
            return MastodonReplay.derived(id(n), NOW.plusSeconds(n), "<p>post " + n + " #nordbahn</p>");
        }
    }

    /** Fetches (acknowledging every batch) until {@code n} mentions came or 100 fetches were made. */
    static List<Mention> fetch(MastodonStreamConnector c, String[] cursor, int n) throws Exception {
        return fetch(c, cursor, n, 100);
    }

    static List<Mention> fetch(MastodonStreamConnector c, String[] cursor, int n, int maxFetches) throws Exception {
        return StreamFetches.fetch(c, cursor, n, maxFetches);
    }

    static FetchException failure(MastodonStreamConnector c, String cursor) {
        return StreamFetches.failure(c, cursor);
    }

    @Test
    void theRecordedEventsYieldTheUpdateOnly_heartbeatDeleteAndEditAreNotMentions() throws Exception {
        MastodonStreamConnector c = connector(Map.of(), "user-token");
        m.live("nordbahn").add(MastodonStreamReplay.RECORDED_SSE);
        String[] cursor = {null};
        List<Mention> got = fetch(c, cursor, 1);
        got.addAll(fetch(c, cursor, 1, 5)); // anything more would show up here

        assertThat(got).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo("108914354907984653");
            assertThat(x.platform()).isEqualTo("mastodon");
            assertThat(x.createdAt()).isEqualTo(Instant.parse("2022-08-30T23:12:47Z"));
            assertThat(x.text()).doesNotContain("<p>").isNotBlank();
        });
        assertThat(m.streamRequests).singleElement().extracting(URI::getQuery).isEqualTo("tag=nordbahn");
        assertThat(cursor[0]).isEqualTo("{\"tags\":{\"nordbahn\":\"108914354907984653\"},\"n\":1}");
        assertThat(m.restRequests).isEmpty(); // a fresh start has no gap
    }

    @Test
    void afterADrop_theGapIsFilledOverRestFromTheNewestId_pageByPage_andNothingComesTwice() throws Exception {
        MastodonStreamConnector c = connector(Map.of(), "user-token");
        m.live("nordbahn").addAll(List.of(MastodonStreamReplay.update(status(1).node()), MastodonStreamReplay.DROP));
        String[] cursor = {null};
        List<String> ids = new ArrayList<>();
        fetch(c, cursor, 1).forEach(x -> ids.add(x.id()));
        // posted while the connection was down: 2, 3, 4 (and 1, already seen, is on the timeline too)
        for (int i = 1; i <= 4; i++) {
            m.rest.add("nordbahn", status(i).node());
        }
        FetchException drop = failure(c, cursor[0]);
        assertThat(drop.retryable()).isTrue();
        assertThat(drop.kind()).isEqualTo("network");
        assertThat(cursor[0]).contains("\"nordbahn\":\"" + id(1) + "\"");

        // the new connection streams 4 (also in the gap) and 5
        m.live("nordbahn").addAll(List.of(MastodonStreamReplay.update(status(4).node()),
                MastodonStreamReplay.update(status(5).node())));
        fetch(c, cursor, 4).forEach(x -> ids.add(x.id()));
        fetch(c, cursor, 1, 5).forEach(x -> ids.add(x.id()));

        assertThat(ids).containsExactly(id(1), id(2), id(3), id(4), id(5));
        // a full page (limit 2) after 1, then the rest after 3: not full, so the gap is closed
        assertThat(m.restRequests).extracting(u -> ReplayServer.query(u).get("min_id"))
                .containsExactly(id(1), id(3));
        assertThat(cursor[0]).doesNotContain("gaps").contains("\"nordbahn\":\"" + id(5) + "\"");
    }

    @Test
    void givenAStoredCursor_theGapSinceTheRestartIsFilled() throws Exception {
        for (int i = 1; i <= 3; i++) {
            m.rest.add("nordbahn", status(i).node());
        }
        String[] cursor = {"{\"tags\":{\"nordbahn\":\"" + id(1) + "\"},\"n\":7}"};
        List<Mention> got = fetch(connector(Map.of(), "user-token"), cursor, 2);
        assertThat(got).extracting(Mention::id).containsExactly(id(2), id(3));
        assertThat(cursor[0]).isEqualTo("{\"tags\":{\"nordbahn\":\"" + id(3) + "\"},\"n\":8}");
    }

    @Test
    void aCursorOfTheRestModeCarriesOn_whenATokenIsAdded() throws Exception {
        m.rest.add("nordbahn", status(1).node());
        m.rest.add("nordbahn", status(2).node());
        String[] cursor = {"{\"nordbahn\":\"" + id(1) + "\"}"};
        assertThat(fetch(connector(Map.of(), "user-token"), cursor, 1)).extracting(Mention::id).containsExactly(id(2));
    }

    @Test
    void whenTheRestRateLimitIsUsedUp_theGapFillWaitsForTheReset_whileTheStreamGoesOn() throws Exception {
        for (int i = 1; i <= 5; i++) {
            m.rest.add("nordbahn", status(i).node());
        }
        m.rest.headers = Map.of("X-RateLimit-Limit", "300", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", NOW.plusSeconds(300).toString());
        MastodonStreamConnector c = connector(Map.of(), "user-token");
        String[] cursor = {"{\"tags\":{\"nordbahn\":\"" + id(0) + "\"},\"n\":1}"};
        List<String> ids = new ArrayList<>();
        fetch(c, cursor, 2).forEach(x -> ids.add(x.id())); // one page of the gap, then the limit
        m.live("nordbahn").add(MastodonStreamReplay.update(status(9).node()));
        fetch(c, cursor, 1).forEach(x -> ids.add(x.id()));
        assertThat(ids).containsExactly(id(1), id(2), id(9));
        assertThat(m.restRequests).hasSize(1);
        assertThat(cursor[0]).contains("\"gaps\":{\"nordbahn\":\"" + id(2) + "\"}");

        m.live("nordbahn").add(":thump\n\n"); // keep the stream alive across the wait
        clock.advance(Duration.ofSeconds(300));
        m.rest.headers = Map.of();
        fetch(c, cursor, 3).forEach(x -> ids.add(x.id()));
        assertThat(ids).containsExactly(id(1), id(2), id(9), id(3), id(4), id(5));
        assertThat(cursor[0]).doesNotContain("gaps");
    }

    @Test
    void silenceLongerThanTheStallTimeoutDropsTheStreams() throws Exception {
        MastodonStreamConnector c = connector(Map.of("stallTimeout", "45s"), "user-token");
        m.live("nordbahn").addAll(List.of(":thump\n\n", MastodonStreamReplay.STALL));
        c.fetch(null);
        clock.advance(Duration.ofSeconds(44));
        assertThat(c.fetch(null).mentions()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        FetchException stall = failure(c, null);
        assertThat(stall.kind()).isEqualTo("stall");
        assertThat(stall.retryable()).isTrue();
    }

    @Test
    void a5xxIsRetryable_aRejectedTokenIsFatalAndNamesTheVariable() {
        m.fault(502);
        MastodonStreamConnector c = connector(Map.of(), "user-token");
        assertThat(failure(c, null).kind()).isEqualTo("server");
        MastodonStreamConnector wrong = connector(Map.of(), "revoked");
        assertThatThrownBy(() -> wrong.fetch(null)).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("MASTODON_TOKEN");
        });
    }

    @Test
    void aMalformedUpdateIsRejectedWithItsData() throws Exception {
        MastodonStreamConnector c = connector(Map.of(), "user-token");
        m.live("nordbahn").add("event: update\ndata: {\"id\":\n\n");
        Batch b = null;
        for (int i = 0; i < 50 && (b == null || b.rejected().isEmpty()); i++) {
            b = c.fetch(b == null ? null : b.cursor());
        }
        assertThat(b.rejected()).singleElement().satisfies(r -> {
            assertThat(r.raw()).isEqualTo("{\"id\":");
            assertThat(r.reason()).contains("#nordbahn").contains("not JSON");
        });
    }

    @Test
    void withATokenTheSourceStreams_withoutItPollsRest_aStreamWithoutTokenIsASettingsError() {
        List<BrandSettings> brands = List.of(new BrandSettings("b", "B", "b", List.of("nordbahn")));
        SourceSettings token = new SourceSettings("m1", "mastodon", true, null, null, "T", List.of(), Map.of());
        assertThat(MastodonConnectors.create(new SourceContext("k", token, brands, clock, new HttpFetcher(clock))))
                .isInstanceOf(MastodonStreamConnector.class);
        SourceSettings none = new SourceSettings("m2", "mastodon", true, null, null, null, List.of(), Map.of());
        assertThat(MastodonConnectors.create(new SourceContext("k", none, brands, clock, new HttpFetcher(clock))))
                .isInstanceOf(MastodonConnector.class);
        SourceSettings bad = new SourceSettings("m3", "mastodon", true, null, null, null, List.of(),
                Map.of("mode", "stream"));
        assertThatThrownBy(() -> MastodonConnectors.create(new SourceContext("ingest.sources[1]", bad, brands, clock,
                new HttpFetcher(clock)))).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("ingest.sources[1].credentialEnv");
    }
}
