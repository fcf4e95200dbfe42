package io.monitor.ingest.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class YouTubeConnectorTest {
    /** Shortly after the newest recorded comment (2023-03-03T16:24:51Z). */
    static final Instant NOW = Instant.parse("2023-03-04T04:00:00Z");
    final FakeClock clock = new FakeClock(NOW);
    final List<ObjectNode> items = new CopyOnWriteArrayList<>(load());
    volatile int pageSize = 100;
    final ReplayServer server = new ReplayServer(this::serve);

    static List<ObjectNode> load() {
        try (InputStream in = YouTubeConnectorTest.class.getClassLoader()
                .getResourceAsStream("fixtures/youtube/commentThreads_list_response.json")) {
            List<ObjectNode> out = new ArrayList<>();
            Json.MAPPER.readTree(in).path("items").forEach(i -> out.add((ObjectNode) i));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String publishedAt(JsonNode item) {
        return item.path("snippet").path("topLevelComment").path("snippet").path("publishedAt").asText();
    }

    ReplayServer.Reply serve(URI uri) {
        Map<String, String> q = ReplayServer.query(uri);
        if (!"test-key".equals(q.get("key"))) {
            return new ReplayServer.Reply(400, Map.of(), "{\"error\":{\"code\":400,\"errors\":[{\"reason\":\"keyInvalid\"}]}}");
        }
        List<ObjectNode> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing((JsonNode i) -> Instant.parse(publishedAt(i))).reversed());
        int start = Integer.parseInt(q.getOrDefault("pageToken", "0"));
        ObjectNode body = Json.MAPPER.createObjectNode().put("kind", "youtube#commentThreadListResponse");
        ArrayNode arr = body.putArray("items");
        sorted.subList(start, Math.min(sorted.size(), start + pageSize)).forEach(arr::add);
        if (start + pageSize < sorted.size()) {
            body.put("nextPageToken", String.valueOf(start + pageSize));
        }
        return ReplayServer.Reply.json(body.toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    YouTubeConnector connector(String lookback) {
        SourceSettings s = new SourceSettings("yt", "youtube", true, server.baseUrl(), Duration.ofMinutes(5), "YT_KEY",
                List.of(), Map.of("videos", List.of("NgSFun7F8dI"), "lookback", lookback));
        return new YouTubeConnector(new SourceContext("ingest.sources[5]", s, List.of(), clock, new HttpFetcher(clock)),
                Map.of("YT_KEY", "test-key")::get);
    }

    @Test
    void recordedThreadsWithinTheLookbackAreMappedOldestFirstAcrossPages() throws Exception {
        pageSize = 25;
        Batch b = connector("3650d").fetch(null);

        assertThat(b.mentions()).hasSize(100).extracting(Mention::id).doesNotHaveDuplicates();
        assertThat(b.mentions()).isSortedAccordingTo(Comparator.comparing(Mention::createdAt));
        Mention first = b.mentions().stream().filter(m -> m.id().equals("UgwV7vDDe5oMMAri2vV4AaABAg")).findFirst()
                .orElseThrow();
        assertThat(first.text()).startsWith("Definitely one of my favorite videos I've made to date.");
        assertThat(first.author()).isEqualTo(new Mention.Author("UCt5C5pgXBktO2ONzBP80qCQ", "David Ho", "David Ho", -1));
        assertThat(first.engagement().likes()).isEqualTo(3015);
        assertThat(first.engagement().replies()).isEqualTo(76);
        assertThat(first.url()).isEqualTo("https://www.youtube.com/watch?v=NgSFun7F8dI&lc=UgwV7vDDe5oMMAri2vV4AaABAg");
        assertThat(server.requests.get(0).getQuery()).contains("videoId=NgSFun7F8dI").contains("order=time");
    }

    @Test
    void theFirstRunReadsOnlyTheLookback_andTheNextOnlyNewComments() throws Exception {
        pageSize = 10;
        Batch first = connector("30d").fetch(null);
        long expected = items.stream().filter(i -> Instant.parse(publishedAt(i)).isAfter(NOW.minus(Duration.ofDays(30))))
                .count();
        assertThat(first.mentions()).hasSize((int) expected);
        assertThat(server.requests).hasSize(1); // the first page already reaches past the lookback

        ObjectNode fresh = items.get(3).deepCopy(); // DERIVED: a real thread with a new id and time
        fresh.put("id", "UgNEWTHREAD");
        ((ObjectNode) fresh.path("snippet").path("topLevelComment").path("snippet")).put("publishedAt",
                "2023-03-04T03:59:00Z");
        items.add(fresh);
        Batch next = connector("30d").fetch(first.cursor());
        assertThat(next.mentions()).extracting(Mention::id).containsExactly("UgNEWTHREAD");
    }

    @Test
    void anExhaustedQuotaWaitsUntilMidnightPacific() {
        server.fault(new ReplayServer.Status(403, Map.of(), "{\"error\":{\"code\":403,\"message\":\"quota\","
                + "\"errors\":[{\"domain\":\"youtube.quota\",\"reason\":\"quotaExceeded\"}]}}"));
        assertThatThrownBy(() -> connector("1h").fetch(null)).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.kind()).isEqualTo("quota");
            // 2023-03-04T04:00Z is 20:00 PST on March 3: the quota resets at 08:00Z
            assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(4));
        });
    }

    @Test
    void anInvalidKeyIsFatal() {
        YouTubeConnector c = new YouTubeConnector(new SourceContext("ingest.sources[5]", new SourceSettings("yt",
                "youtube", true, server.baseUrl(), null, "YT_KEY", List.of(), Map.of("videos", "v1")), List.of(), clock,
                new HttpFetcher(clock)), Map.of("YT_KEY", "wrong")::get);
        assertThatThrownBy(() -> c.fetch(null)).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("keyInvalid").contains("key=***");
        });
    }
}
