package io.monitor.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.TestHttp.Response;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.config.TokenSettings;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /api/v1/brands/{brand}/mentions} over real HTTP, with the server's mention ring fed directly (no Kafka):
 * newest first, filters by sentiment, language and platform, limit, cursor pagination, and a 400 naming each bad
 * parameter.
 */
@Timeout(30)
class MentionsApiTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private ApiServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private int start() {
        server = Fixtures.server(new IncidentStore());
        return server.port();
    }

    static Mention mention(String id, String platform, String lang, Sentiment.Label label, Instant at) {
        Sentiment s = label == null ? null : new Sentiment(label == Sentiment.Label.NEGATIVE ? -0.8
                : label == Sentiment.Label.POSITIVE ? 0.7 : 0.0, label, 0.9);
        return new Mention(Mention.SCHEMA_VERSION, platform, id, "https://example.org/" + platform + "/" + id,
                new Mention.Author("did:" + id, id + ".example", "Author " + id, 1234), "text of " + id, lang, at,
                at.plusSeconds(2), null, null, null, null, List.of("acme-bahn"), s);
    }

    private static List<String> ids(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("mentions").forEach(m -> out.add(m.get("id").asText()));
        return out;
    }

    /** Six posts: a1 oldest … a6 newest, mixed platforms, languages and sentiment (a6 not yet scored). */
    private void feedSix() {
        server.mentions().add("acme-bahn", mention("a3", "mastodon", "en", Sentiment.Label.NEGATIVE, T0.plusSeconds(3)));
        server.mentions().add("acme-bahn", mention("a1", "bluesky", "de", Sentiment.Label.NEGATIVE, T0.plusSeconds(1)));
        server.mentions().add("acme-bahn", mention("a2", "bluesky", "de", Sentiment.Label.POSITIVE, T0.plusSeconds(2)));
        server.mentions().add("acme-bahn", mention("a5", "bluesky", "de", Sentiment.Label.NEGATIVE, T0.plusSeconds(5)));
        server.mentions().add("acme-bahn", mention("a4", "bluesky", "en", Sentiment.Label.NEUTRAL, T0.plusSeconds(4)));
        server.mentions().add("acme-bahn", mention("a6", "bluesky", "de", null, T0.plusSeconds(6)));
        server.mentions().add("fizzcola", mention("f1", "bluesky", "de", Sentiment.Label.NEGATIVE, T0.plusSeconds(9)));
    }

    @Test
    void mentionsAreNewestFirstByPostTimeWhateverTheArrivalOrderAndOnlyOfThatBrand() {
        int port = start();
        feedSix();
        Response r = TestHttp.get(port, "/api/v1/brands/acme-bahn/mentions");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(ids(body)).containsExactly("a6", "a5", "a4", "a3", "a2", "a1");
        assertThat(body.get("brand").asText()).isEqualTo("acme-bahn");
        assertThat(body.get("count").asInt()).isEqualTo(6);
        assertThat(body.get("nextCursor").isNull()).isTrue();
        assertThat(body.get("complete").asBoolean()).isTrue();
        JsonNode a5 = body.get("mentions").get(1);
        assertThat(a5.at("/author/handle").asText()).isEqualTo("a5.example");
        assertThat(a5.at("/author/followers").asLong()).isEqualTo(1234);
        assertThat(a5.at("/sentiment/label").asText()).isEqualTo("NEGATIVE");
        assertThat(a5.get("url").asText()).isEqualTo("https://example.org/bluesky/a5");
        assertThat(ids(TestHttp.get(port, "/api/v1/brands/fizzcola/mentions").json())).containsExactly("f1");
        assertThat(server.meterRegistry().scrape()).contains("monitor_api_mentions_held{brand=\"acme-bahn\"} 6.0")
                .contains("monitor_api_mentions_held{brand=\"fizzcola\"} 1.0");
    }

    @Test
    void filtersBySentimentLanguageAndPlatformCombine() {
        int port = start();
        feedSix();
        String base = "/api/v1/brands/acme-bahn/mentions";
        assertThat(ids(TestHttp.get(port, base + "?sentiment=negative").json())).containsExactly("a5", "a3", "a1");
        assertThat(ids(TestHttp.get(port, base + "?sentiment=NEGATIVE,neutral").json()))
                .containsExactly("a5", "a4", "a3", "a1");
        assertThat(ids(TestHttp.get(port, base + "?language=de").json())).containsExactly("a6", "a5", "a2", "a1");
        assertThat(ids(TestHttp.get(port, base + "?platform=mastodon").json())).containsExactly("a3");
        assertThat(ids(TestHttp.get(port, base + "?sentiment=negative&language=de&platform=bluesky").json()))
                .containsExactly("a5", "a1");
        assertThat(ids(TestHttp.get(port, base + "?language=fr").json())).isEmpty();
    }

    @Test
    void cursorPagesThroughAFilteredListWithoutGapsOrRepeatsWhileNewPostsArrive() {
        int port = start();
        feedSix();
        String base = "/api/v1/brands/acme-bahn/mentions?language=de&limit=2";
        JsonNode first = TestHttp.get(port, base).json();
        assertThat(ids(first)).containsExactly("a6", "a5");
        String cursor = first.get("nextCursor").asText();
        assertThat(cursor).isNotBlank().doesNotContain("a5");

        // A newer post arrives between pages: it belongs at the top, not into the next page.
        server.mentions().add("acme-bahn", mention("a7", "bluesky", "de", Sentiment.Label.NEGATIVE, T0.plusSeconds(7)));
        JsonNode second = TestHttp.get(port, base + "&before=" + cursor).json();
        assertThat(ids(second)).containsExactly("a2", "a1");
        assertThat(second.get("nextCursor").isNull()).as("nothing older matches").isTrue();

        assertThat(ids(TestHttp.get(port, "/api/v1/brands/acme-bahn/mentions?limit=1").json())).containsExactly("a7");
    }

    @Test
    void limitCapsThePageAndDefaultsToFifty() {
        int port = start();
        for (int i = 0; i < 60; i++) {
            server.mentions().add("acme-bahn", mention("m" + i, "bluesky", "de", Sentiment.Label.NEGATIVE,
                    T0.plusSeconds(i)));
        }
        JsonNode byDefault = TestHttp.get(port, "/api/v1/brands/acme-bahn/mentions").json();
        assertThat(byDefault.get("count").asInt()).isEqualTo(50);
        assertThat(ids(byDefault).get(0)).isEqualTo("m59");
        assertThat(ids(byDefault).get(49)).isEqualTo("m10");
        JsonNode rest = TestHttp.get(port, "/api/v1/brands/acme-bahn/mentions?before="
                + byDefault.get("nextCursor").asText()).json();
        assertThat(ids(rest)).hasSize(10).startsWith("m9").endsWith("m0");
        assertThat(TestHttp.get(port, "/api/v1/brands/acme-bahn/mentions?limit=200").json().get("count").asInt())
                .isEqualTo(60);
    }

    @Test
    void everyBadParameterIsA400NamingIt() {
        int port = start();
        String base = "/api/v1/brands/acme-bahn/mentions";
        assertBadParameter(TestHttp.get(port, base + "?sentiment=angry"), "sentiment", "negative");
        assertBadParameter(TestHttp.get(port, base + "?language=german"), "language", "ISO 639-1");
        assertBadParameter(TestHttp.get(port, base + "?language=d%C3%A9"), "language", "ISO 639-1");
        assertBadParameter(TestHttp.get(port, base + "?platform=blue%20sky"), "platform", "platform names");
        assertBadParameter(TestHttp.get(port, base + "?limit=0"), "limit", "between 1 and 200");
        assertBadParameter(TestHttp.get(port, base + "?limit=201"), "limit", "between 1 and 200");
        assertBadParameter(TestHttp.get(port, base + "?limit=ten"), "limit", "whole number");
        assertBadParameter(TestHttp.get(port, base + "?before=not-a-cursor!"), "before", "nextCursor");
        // Well-formed base64 that this server did not issue.
        assertBadParameter(TestHttp.get(port, base + "?before=aGVsbG8"), "before", "nextCursor");
    }

    private static void assertBadParameter(Response r, String param, String hint) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.json().get("param").asText()).isEqualTo(param);
        assertThat(r.json().get("detail").asText()).contains(param).contains(hint);
        assertThat(r.body()).doesNotContain("Exception");
    }

    @Test
    void unknownBrandIs404PointingToTheBrandList() {
        int port = start();
        Response r = TestHttp.get(port, "/api/v1/brands/nobody/mentions");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.json().get("detail").asText()).contains("nobody").contains("/api/v1/brands");
    }

    @Test
    void needsTheViewerRoleWhenTokensAreConfigured() {
        server = Fixtures.server(Fixtures.settings(List.of(new TokenSettings("ro", "viewer", "VIEWER_TOKEN")),
                4096), new IncidentStore(), null, () -> true, n -> n.equals("VIEWER_TOKEN") ? "s3cret" : null,
                Duration.ofSeconds(15));
        int port = server.port();
        assertThat(TestHttp.get(port, "/api/v1/brands/acme-bahn/mentions").status()).isEqualTo(401);
        assertThat(TestHttp.get(port, "/api/v1/brands/acme-bahn/mentions", "Authorization", "Bearer s3cret").status())
                .isEqualTo(200);
    }
}
