package io.monitor.api;

import static io.monitor.api.InMemoryTimelines.author;
import static io.monitor.api.InMemoryTimelines.count;
import static io.monitor.api.InMemoryTimelines.point;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.TestHttp.Response;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.config.TokenSettings;
import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelineQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /api/v1/brands/{brand}/timeline} over real HTTP against an in-memory {@link TimelineQuery}: the
 * {@code window} parameter (1m, 5m, 1h) and its defaults, the range limit of each window, every point field in the
 * JSON, the store's refusals (400 for a window it does not keep, 503 while restoring) and the roles.
 */
@Timeout(30)
class TimelineApiTest {
    /** The server's clock: every default range is computed from it. */
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final String PATH = "/api/v1/brands/acme-bahn/timeline";

    private final IncidentStore store = new IncidentStore();
    private final InMemoryTimelines timelines = new InMemoryTimelines();
    private ApiServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private int start(TimelineQuery q) {
        return start(q, Fixtures.settings(), n -> null);
    }

    private int start(TimelineQuery q, io.monitor.core.config.MonitorSettings settings,
                      java.util.function.Function<String, String> env) {
        server = ApiServer.create(settings, store, Fixtures.storeSink(store), q, () -> true, env,
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(15)).start();
        return server.port();
    }

    private static void assertProblem(Response r, int status, String param) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("detail").asText()).isNotBlank();
        if (param != null) {
            assertThat(r.json().get("param").asText()).isEqualTo(param);
        }
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void givenNoParameters_thenOneMinuteWindowsOfTheLastDayAreAskedAndTheAnswerSaysSo() {
        int port = start(timelines);
        JsonNode t = TestHttp.get(port, PATH).json();
        assertThat(timelines.calls).containsExactly(new InMemoryTimelines.Call("acme-bahn", Duration.ofMinutes(1),
                NOW.minus(Duration.ofDays(1)), NOW));
        assertThat(t.get("brand").asText()).isEqualTo("acme-bahn");
        assertThat(t.get("window").asText()).isEqualTo("1m");
        assertThat(t.get("from").asText()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(t.get("to").asText()).isEqualTo("2026-11-27T12:00:00Z");
        assertThat(t.get("points")).isEmpty();
    }

    @Test
    void givenEachWindow_thenTheQueryGetsItsSizeAndTheDefaultRangeIsTheWindowsLongest() {
        int port = start(timelines);
        Map<String, Duration[]> expected = Map.of(
                "1m", new Duration[] {Duration.ofMinutes(1), Duration.ofDays(1)},
                "5m", new Duration[] {Duration.ofMinutes(5), Duration.ofDays(7)},
                "1h", new Duration[] {Duration.ofHours(1), Duration.ofDays(35)});
        for (var e : expected.entrySet()) {
            JsonNode t = TestHttp.get(port, PATH + "?window=" + e.getKey()).json();
            assertThat(t.get("window").asText()).isEqualTo(e.getKey());
            assertThat(timelines.lastCall()).isEqualTo(new InMemoryTimelines.Call("acme-bahn", e.getValue()[0],
                    NOW.minus(e.getValue()[1]), NOW));
            assertThat(Instant.parse(t.get("from").asText())).isEqualTo(NOW.minus(e.getValue()[1]));
        }
        // An explicit range is passed on as given.
        TestHttp.get(port, PATH + "?window=5m&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z");
        assertThat(timelines.lastCall()).isEqualTo(new InMemoryTimelines.Call("acme-bahn", Duration.ofMinutes(5),
                Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z")));
    }

    @Test
    void everyPointCarriesVolumeSentimentAuthorsReachEngagementAndTopListsUnderStableNames() {
        Instant s = Instant.parse("2026-11-27T11:00:00Z");
        timelines.add(point("acme-bahn", s, Duration.ofHours(1), 120, 90,
                List.of(count("stellwerk", 41), count("verspätung", 17)),
                List.of(count("zugausfall", 33)),
                List.of(author("tagesnachrichten", "bluesky", 2, 1_250_000), author("jana.k", "mastodon", 5, 830))));
        // A point with the volume and sentiment only, as a store without the richer figures returns it.
        timelines.add(new TimelinePoint("acme-bahn", s.minus(Duration.ofHours(1)), s, 7, 1, 4, 2, 0.1));
        int port = start(timelines);

        JsonNode points = TestHttp.get(port, PATH + "?window=1h&from=2026-11-27T09:00:00Z").json().get("points");
        assertThat(points).hasSize(2);
        JsonNode p = points.get(1);
        List<String> names = new ArrayList<>();
        p.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("brand", "windowStart", "windowEnd", "volume", "negative", "neutral",
                "positive", "meanSentiment", "uniqueAuthors", "reach", "engagement", "topTerms", "topHashtags",
                "topAuthors");
        assertThat(p.get("windowStart").asText()).isEqualTo("2026-11-27T11:00:00Z");
        assertThat(p.get("windowEnd").asText()).isEqualTo("2026-11-27T12:00:00Z");
        assertThat(p.get("volume").asLong()).isEqualTo(120);
        assertThat(p.get("negative").asLong()).isEqualTo(90);
        assertThat(p.get("neutral").asLong()).isEqualTo(15);
        assertThat(p.get("positive").asLong()).isEqualTo(15);
        assertThat(p.get("meanSentiment").asDouble()).isEqualTo(-0.625);
        assertThat(p.get("uniqueAuthors").asLong()).isEqualTo(60);
        assertThat(p.get("reach").asLong()).isEqualTo(120_000);
        assertThat(p.get("engagement").asLong()).isEqualTo(360);
        assertThat(p.get("topTerms").toString())
                .isEqualTo("[{\"value\":\"stellwerk\",\"count\":41},{\"value\":\"verspätung\",\"count\":17}]");
        assertThat(p.get("topHashtags").toString()).isEqualTo("[{\"value\":\"zugausfall\",\"count\":33}]");
        assertThat(p.get("topAuthors").toString()).isEqualTo("[{\"author\":\"tagesnachrichten\",\"platform\":\"bluesky\","
                + "\"mentions\":2,\"followers\":1250000},{\"author\":\"jana.k\",\"platform\":\"mastodon\",\"mentions\":5,"
                + "\"followers\":830}]");
        // The older point: oldest first, zero figures and empty lists rather than missing fields.
        JsonNode old = points.get(0);
        assertThat(old.get("volume").asLong()).isEqualTo(7);
        assertThat(old.get("uniqueAuthors").asLong()).isZero();
        assertThat(old.get("topTerms").isArray()).isTrue();
        assertThat(old.get("topAuthors")).isEmpty();
    }

    @Test
    void aLargeTimelineGoesOutGzippedToClientsThatAcceptItAndPlainToOthers() throws Exception {
        for (int i = 0; i < 1440; i++) {
            Instant s = NOW.minus(Duration.ofDays(1)).plus(Duration.ofMinutes(i));
            timelines.add(point("acme-bahn", s, Duration.ofMinutes(1), 100 + i % 7, 5,
                    List.of(count("stellwerk", 4), count("verspätung", 2)), List.of(count("zugausfall", 3)),
                    List.of(author("tagesnachrichten", "bluesky", 1, 1_250_000))));
        }
        int port = start(timelines);
        java.net.http.HttpResponse<byte[]> gz = TestHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                TestHttp.uri(port, PATH)).header("Accept-Encoding", "gzip, deflate, br").timeout(TestHttp.TIMEOUT).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        Response plain = TestHttp.get(port, PATH);
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gz.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(plain.header("Vary")).isEqualTo("Accept-Encoding");
        byte[] unzipped;
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.body()))) {
            unzipped = in.readAllBytes();
        }
        assertThat(new String(unzipped, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(plain.body());
        assertThat(plain.json().get("points")).hasSize(1440);
        assertThat(gz.body().length).as("compressed of %d bytes", unzipped.length).isLessThan(unzipped.length / 10);
        // A small answer is not worth it.
        Response small = TestHttp.get(port, PATH + "?window=1h", "Accept-Encoding", "gzip");
        assertThat(small.header("Content-Encoding")).isNull();
        assertThat(small.json().get("window").asText()).isEqualTo("1h");
    }

    @Test
    void anUnknownWindowIs400NamingTheParameterAndTheAllowedValuesWithoutAskingTheStore() {
        int port = start(timelines);
        for (String bad : List.of("15m", "1M", "1d", "PT5M", "1m,5m", "minute")) {
            Response r = TestHttp.get(port, PATH + "?window=" + java.net.URLEncoder.encode(bad,
                    java.nio.charset.StandardCharsets.UTF_8));
            assertProblem(r, 400, "window");
            assertThat(r.json().get("detail").asText()).contains("must be one of 1m, 5m, 1h").contains("'" + bad + "'");
            assertThat(r.json().get("allowed").toString()).isEqualTo("[\"1m\",\"5m\",\"1h\"]");
        }
        assertThat(timelines.calls).isEmpty();
        // An empty value is the default, as for the other optional parameters.
        assertThat(TestHttp.get(port, PATH + "?window=").json().get("window").asText()).isEqualTo("1m");
    }

    @Test
    void aRangeLongerThanTheWindowAllowsIs400SayingTheLimit_andTheLimitItselfIsServed() {
        int port = start(timelines);
        String to = "2026-11-27T00:00:00Z";
        Object[][] cases = {
                {"1m", "2026-11-26T00:00:00Z", "2026-11-25T23:59:59Z", "1 day", 86_400L},
                {"5m", "2026-11-20T00:00:00Z", "2026-11-19T23:55:00Z", "7 days", 604_800L},
                {"1h", "2026-10-23T00:00:00Z", "2026-10-22T23:00:00Z", "35 days", 3_024_000L}};
        for (Object[] c : cases) {
            Response ok = TestHttp.get(port, PATH + "?window=" + c[0] + "&from=" + c[1] + "&to=" + to);
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            Response tooLong = TestHttp.get(port, PATH + "?window=" + c[0] + "&from=" + c[2] + "&to=" + to);
            assertProblem(tooLong, 400, "from");
            assertThat(tooLong.json().get("detail").asText()).contains("at most " + c[3] + " before 'to' with window=" + c[0])
                    .contains("1m: 1 day, 5m: 7 days, 1h: 35 days");
            assertThat(tooLong.json().get("maxSpanSeconds").asLong()).isEqualTo(c[4]);
            assertThat(tooLong.json().get("window").asText()).isEqualTo(c[0]);
        }
        // Two days are too long for 1-minute windows, fine for 5-minute ones.
        assertProblem(TestHttp.get(port, PATH + "?from=2026-11-25T00:00:00Z&to=" + to), 400, "from");
        assertThat(TestHttp.get(port, PATH + "?window=5m&from=2026-11-25T00:00:00Z&to=" + to).status()).isEqualTo(200);
        // Without 'to', the limit counts from now.
        assertProblem(TestHttp.get(port, PATH + "?window=1h&from=2026-10-01T00:00:00Z"), 400, "from");
        assertThat(timelines.calls).hasSize(4);
    }

    @Test
    void fromNotBeforeToIs400_andAnUnreadableInstantIs400NamingIt() {
        int port = start(timelines);
        Response reversed = TestHttp.get(port, PATH + "?window=5m&from=2026-11-27T09:00:00Z&to=2026-11-27T08:00:00Z");
        assertProblem(reversed, 400, "from");
        assertThat(reversed.json().get("detail").asText()).contains("must be before 'to' (2026-11-27T08:00:00Z)");
        assertProblem(TestHttp.get(port, PATH + "?from=2026-11-27T08:00:00Z&to=2026-11-27T08:00:00Z"), 400, "from");
        assertProblem(TestHttp.get(port, PATH + "?window=1h&from=2026-11-28T00:00:00Z"), 400, "from");
        assertProblem(TestHttp.get(port, PATH + "?to=yesterday"), 400, "to");
        assertThat(timelines.calls).isEmpty();
    }

    @Test
    void aWindowTheStoreDoesNotKeepIs400WithTheStoresReason() {
        int port = start(new InMemoryTimelines(Duration.ofMinutes(1)));
        Response r = TestHttp.get(port, PATH + "?window=1h");
        assertProblem(r, 400, "window");
        assertThat(r.json().get("detail").asText()).isEqualTo("parameter 'window' '1h' is not served by this timeline "
                + "store: window PT1H is not kept by this store; it keeps [PT1M]");
        assertThat(TestHttp.get(port, PATH + "?window=1m").status()).isEqualTo(200);
    }

    @Test
    void aQueryServingOneMinuteWindowsOnlyKeepsAnsweringThoseAndRefusesTheOthers() {
        // A store that keeps fewer window sizes (an older instance, a reduced deployment) refuses the others.
        TimelineQuery oneMinuteOnly = (brand, window, from, to) -> {
            if (!window.equals(Duration.ofMinutes(1))) {
                throw new IllegalArgumentException("window " + window + " is not served here; this timeline keeps "
                        + "PT1M windows only");
            }
            return List.of(new TimelinePoint(brand, from, from.plusSeconds(60), 3, 1, 1, 1, 0));
        };
        int port = start(oneMinuteOnly);
        assertThat(TestHttp.get(port, PATH).json().at("/points/0/volume").asLong()).isEqualTo(3);
        Response fiveMinutes = TestHttp.get(port, PATH + "?window=5m");
        assertProblem(fiveMinutes, 400, "window");
        assertThat(fiveMinutes.json().get("detail").asText()).contains("PT1M windows only");
    }

    @Test
    void whileTheStoreCannotBeQueriedItIs503WithRetryAfter_andWithoutStreamsToo() {
        timelines.unavailable = "rebalancing";
        int port = start(timelines);
        Response restoring = TestHttp.get(port, PATH + "?window=5m");
        assertProblem(restoring, 503, null);
        assertThat(restoring.header("Retry-After")).isEqualTo("5");
        assertThat(restoring.json().get("detail").asText()).contains("rebalancing").contains("try again");
        // A bad parameter is still the client's to fix first.
        assertProblem(TestHttp.get(port, PATH + "?window=2h"), 400, "window");
        timelines.unavailable = null;
        assertThat(TestHttp.get(port, PATH + "?window=5m").status()).isEqualTo(200);
        server.close();

        port = start(null);
        Response noStreams = TestHttp.get(port, PATH + "?window=1h");
        assertProblem(noStreams, 503, null);
        assertThat(noStreams.header("Retry-After")).isEqualTo("5");
        assertProblem(TestHttp.get(port, "/api/v1/brands/nobrand/timeline?window=1h"), 404, null);
    }

    @Test
    void aViewerReadsTimelinesInEveryWindow_withoutATokenNothingIsAnsweredButTheChallenge() {
        timelines.add(point("acme-bahn", NOW.minus(Duration.ofMinutes(5)), Duration.ofMinutes(5), 10, 2, List.of(),
                List.of(), List.of()));
        int port = start(timelines, Fixtures.settings(List.of(
                new TokenSettings("cm-dashboard", "viewer", "VIEWER_TOKEN"),
                new TokenSettings("jana", "responder", "RESPONDER_TOKEN")), 4096),
                Map.of("VIEWER_TOKEN", "v-secret-1", "RESPONDER_TOKEN", "r-secret-2")::get);
        for (String w : List.of("1m", "5m", "1h")) {
            assertThat(TestHttp.get(port, PATH + "?window=" + w, "Authorization", "Bearer v-secret-1").status())
                    .as(w).isEqualTo(200);
        }
        assertThat(TestHttp.get(port, PATH + "?window=5m", "Authorization", "Bearer v-secret-1").json()
                .at("/points/0/volume").asLong()).isEqualTo(10);
        assertThat(TestHttp.get(port, PATH + "?window=5m", "Authorization", "Bearer r-secret-2").status()).isEqualTo(200);
        int before = timelines.calls.size();
        Response anonymous = TestHttp.get(port, PATH + "?window=5m");
        assertProblem(anonymous, 401, null);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        // Parameters are not even looked at before the caller is known.
        assertProblem(TestHttp.get(port, PATH + "?window=bogus"), 401, null);
        assertProblem(TestHttp.get(port, PATH + "?window=1h", "Authorization", "Bearer guess"), 401, null);
        assertThat(timelines.calls).hasSize(before);
    }
}
