package io.monitor.ingest.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import io.monitor.ingest.testing.FakeClock;
import io.monitor.ingest.testing.ReplayServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class XRecentSearchConnectorTest {
    static final Instant NOW = Instant.parse("2022-10-07T22:45:00Z");
    final FakeClock clock = new FakeClock(NOW);
    final List<JsonNode> tweets = new CopyOnWriteArrayList<>(load());
    volatile int pageSize = 100;
    volatile Map<String, String> headers = Map.of("x-rate-limit-limit", "450", "x-rate-limit-remaining", "448",
            "x-rate-limit-reset", "1665183229");
    final ReplayServer server = new ReplayServer(this::serve);

    static List<JsonNode> load() {
        try (InputStream in = XRecentSearchConnectorTest.class.getClassLoader()
                .getResourceAsStream("fixtures/x/recent_search_tweepy_cassette_2022-10-07.json")) {
            List<JsonNode> out = new ArrayList<>();
            Json.MAPPER.readTree(in).path("data").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ReplayServer.Reply serve(URI uri) {
        if (!"Bearer test-bearer".equals(server.lastRequestHeader("Authorization"))) {
            return new ReplayServer.Reply(401, Map.of(), "{\"title\":\"Unauthorized\",\"status\":401}");
        }
        Map<String, String> q = ReplayServer.query(uri);
        BigInteger since = new BigInteger(q.getOrDefault("since_id", "0"));
        List<JsonNode> matching = tweets.stream().filter(t -> new BigInteger(t.path("id").asText()).compareTo(since) > 0)
                .sorted((a, b) -> new BigInteger(b.path("id").asText()).compareTo(new BigInteger(a.path("id").asText())))
                .toList();
        int start = Integer.parseInt(q.getOrDefault("next_token", "0"));
        ObjectNode body = Json.MAPPER.createObjectNode();
        List<JsonNode> page = matching.subList(start, Math.min(matching.size(), start + pageSize));
        if (!page.isEmpty()) {
            ArrayNode data = body.putArray("data");
            page.forEach(data::add);
        }
        ObjectNode meta = body.putObject("meta").put("result_count", page.size());
        if (!page.isEmpty()) {
            meta.put("newest_id", page.get(0).path("id").asText()).put("oldest_id", page.get(page.size() - 1).path("id").asText());
        }
        if (start + pageSize < matching.size()) {
            meta.put("next_token", String.valueOf(start + pageSize));
        }
        return new ReplayServer.Reply(200, headers, body.toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    XRecentSearchConnector connector() {
        SourceSettings s = new SourceSettings("x", "x", true, server.baseUrl(), Duration.ofMinutes(1), "X_BEARER",
                List.of(), Map.of("queries", "Tweepy"));
        return new XRecentSearchConnector(new SourceContext("ingest.sources[8]", s, List.of(), clock,
                new HttpFetcher(clock)), Map.of("X_BEARER", "test-bearer")::get);
    }

    @Test
    void theRecordedSearchIsMappedOldestFirst_withTheCreationTimeFromTheSnowflakeId() throws Exception {
        Batch b = connector().fetch(null);

        assertThat(b.mentions()).hasSize(10);
        Mention newest = b.mentions().get(9);
        assertThat(newest.id()).isEqualTo("1578516068309794817");
        assertThat(newest.text()).isEqualTo("2022-10-07 22:42:12.637103 tweepy");
        // the text is the time the test suite posted it: the snowflake time agrees to the second
        assertThat(newest.createdAt()).isBetween(Instant.parse("2022-10-07T22:42:12Z"), Instant.parse("2022-10-07T22:42:14Z"));
        assertThat(b.cursor()).isEqualTo("{\"Tweepy\":\"1578516068309794817\"}");
        assertThat(server.requests.get(0).getQuery()).contains("query=Tweepy").doesNotContain("since_id");
    }

    @Test
    void givenASinceId_thenOnlyNewerPostsComeAcrossPages() throws Exception {
        pageSize = 3;
        Batch b = connector().fetch("{\"Tweepy\":\"1578513551664173057\"}");
        assertThat(b.mentions()).extracting(Mention::id).containsExactly("1578514055010324480",
                "1578514558372618243", "1578515061600964608", "1578515564971970560", "1578516068309794817");
        assertThat(server.requests).hasSize(2);
        assertThat(connector().fetch(b.cursor()).mentions()).isEmpty();
    }

    @Test
    void aUsedUpRateLimitDelaysTheNextFetch_aWrongTokenIsFatal() throws Exception {
        // X sends all three headers (as in the recorded cassette); Twitter4J reads them only together
        headers = Map.of("x-rate-limit-limit", "450", "x-rate-limit-remaining", "0", "x-rate-limit-reset",
                String.valueOf(NOW.plusSeconds(600).getEpochSecond()));
        assertThat(connector().fetch(null).notBefore()).isEqualTo(NOW.plusSeconds(600));

        XRecentSearchConnector wrong = new XRecentSearchConnector(new SourceContext("ingest.sources[8]",
                new SourceSettings("x", "x", true, server.baseUrl(), null, "X_BEARER", List.of(), Map.of("queries", "a")),
                List.of(new BrandSettings("b", "B", "b", List.of())), clock, new HttpFetcher(clock)),
                Map.of("X_BEARER", "nope")::get);
        assertThatThrownBy(() -> wrong.fetch(null)).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void a429WaitsForTheRateLimitReset_a5xxIsRetryable_throughTwitter4J() {
        server.fault(new ReplayServer.Status(429, Map.of("x-rate-limit-limit", "450", "x-rate-limit-remaining", "0",
                "x-rate-limit-reset", String.valueOf(NOW.plusSeconds(90).getEpochSecond())),
                "{\"title\":\"Too Many Requests\",\"status\":429}"));
        assertThatThrownBy(() -> connector().fetch(null)).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.kind()).isEqualTo("rate_limited");
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90));
        });
        server.fault(new ReplayServer.Status(503, Map.of(), "{\"title\":\"Service Unavailable\"}"));
        assertThatThrownBy(() -> connector().fetch(null)).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.kind()).isEqualTo("server");
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    void aGarbagePageIsRejectedWithTheBody_andTheCursorStays() throws Exception {
        server.fault(new ReplayServer.Status(200, Map.of(), "<html>maintenance</html>"));
        Batch b = connector().fetch("{\"Tweepy\":\"1578513551664173057\"}");
        assertThat(b.mentions()).isEmpty();
        assertThat(b.rejected()).singleElement().satisfies(r -> {
            assertThat(r.raw()).contains("<html>maintenance</html>");
            assertThat(r.reason()).contains("not a search response");
        });
        assertThat(b.cursor()).isEqualTo("{\"Tweepy\":\"1578513551664173057\"}");
    }

    @Test
    void theDefaultQueryQuotesTheNameAddsHashtagsAndSkipsReposts() {
        assertThat(XRecentSearchConnector.defaultQuery(new BrandSettings("fjordphone", "Fjord Phone", "x",
                List.of("fjordphone")))).isEqualTo("(\"Fjord Phone\" OR #fjordphone) -is:retweet");
    }
}
