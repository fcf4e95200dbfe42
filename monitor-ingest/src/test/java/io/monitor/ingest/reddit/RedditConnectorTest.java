package io.monitor.ingest.reddit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SettingsException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedditConnectorTest {
    static final Instant NOW = Instant.parse("2016-03-18T00:00:00Z");
    final FakeClock clock = new FakeClock(NOW);
    final List<ObjectNode> posts = new CopyOnWriteArrayList<>(load());
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile int pageSize = 100;
    volatile Map<String, String> rateHeaders = Map.of();
    final ReplayServer server = new ReplayServer(this::serve);

    static List<ObjectNode> load() {
        try (InputStream in = RedditConnectorTest.class.getClassLoader()
                .getResourceAsStream("fixtures/reddit/search_listing_2016.json")) {
            List<ObjectNode> out = new ArrayList<>();
            Json.MAPPER.readTree(in).path("data").path("children").forEach(c -> out.add((ObjectNode) c));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** DERIVED from the first real post: another fullname and creation time. */
    ObjectNode derived(String id, long createdUtc) {
        ObjectNode c = posts.get(0).deepCopy();
        ((ObjectNode) c.get("data")).put("name", "t3_" + id).put("id", id).put("created_utc", (double) createdUtc);
        return c;
    }

    ReplayServer.Reply serve(URI uri) {
        authorizations.add(server.lastRequestHeader("Authorization"));
        if (uri.getPath().equals("/api/v1/access_token")) {
            return ReplayServer.Reply.json("{\"access_token\":\"tok-" + authorizations.size()
                    + "\",\"token_type\":\"bearer\",\"expires_in\":86400,\"scope\":\"*\"}");
        }
        Map<String, String> q = ReplayServer.query(uri);
        List<ObjectNode> sorted = new ArrayList<>(posts);
        sorted.sort(Comparator.comparingDouble((JsonNode c) -> c.path("data").path("created_utc").asDouble())
                .reversed());
        int start = 0;
        if (q.containsKey("after")) {
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).path("data").path("name").asText().equals(q.get("after"))) {
                    start = i + 1;
                }
            }
        }
        List<ObjectNode> page = sorted.subList(Math.min(start, sorted.size()), Math.min(start + pageSize, sorted.size()));
        ObjectNode body = Json.MAPPER.createObjectNode().put("kind", "Listing");
        ObjectNode data = body.putObject("data");
        ArrayNode children = data.putArray("children");
        page.forEach(children::add);
        boolean more = start + pageSize < sorted.size();
        data.put("after", more ? page.get(page.size() - 1).path("data").path("name").asText() : null);
        data.putNull("before");
        Map<String, String> h = new HashMap<>(rateHeaders);
        h.put("Content-Type", "application/json");
        return new ReplayServer.Reply(200, h, body.toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    RedditConnector connector(Map<String, String> env) {
        SourceSettings s = new SourceSettings("reddit", "reddit", true, server.baseUrl(), Duration.ofMinutes(1),
                "REDDIT_CLIENT", List.of(), Map.of("lookback", "1000d", "tokenUrl",
                server.baseUrl() + "/api/v1/access_token"));
        return new RedditConnector(new SourceContext("ingest.sources[4]", s,
                List.of(new BrandSettings("praw", "praw", "praw", List.of())), clock, new HttpFetcher(clock)),
                env::get);
    }

    RedditConnector connector() {
        return connector(Map.of("REDDIT_CLIENT", "my-id:my-secret"));
    }

    @Test
    void theRecordedListingIsFetchedWithAnAppTokenAndMappedOldestFirst() throws Exception {
        Batch b = connector().fetch(null);

        assertThat(b.mentions()).extracting(Mention::id).containsExactly("t3_1qvzkd", "t3_3b4erh", "t3_3gpbiu",
                "t3_3qc02b", "t3_3x4kt2", "t3_4at068");
        assertThat(authorizations.get(0)).isEqualTo("Basic bXktaWQ6bXktc2VjcmV0"); // my-id:my-secret
        assertThat(authorizations.get(1)).isEqualTo("Bearer tok-1");
        Mention m = b.mentions().get(5);
        assertThat(m.text()).startsWith("たびたび話題になるサイドバーの閲覧中ユーザ数について（また）調べた\n\n## tl;dr");
        assertThat(m.url()).isEqualTo("https://www.reddit.com/r/p18s/comments/4at068/"
                + "たびたび話題になるサイドバーの閲覧中ユーザ数についてまた調べた/");
        assertThat(m.author().handle()).isEqualTo("nmtake");
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochSecond(1458221634));
        assertThat(m.engagement().likes()).isEqualTo(15);
        assertThat(server.requests.get(1).getQuery()).contains("q=praw").contains("sort=new");
    }

    @Test
    void givenAStoredCursor_thenOnlyNewPostsComeAcrossPages_andTheTokenIsReused() throws Exception {
        String cursor = connector().fetch(null).cursor();
        RedditConnector later = connector();
        posts.add(derived("new1", 1458221700L));
        posts.add(derived("new2", 1458221634L)); // same second as the newest seen
        posts.add(derived("new3", 1458221800L));
        pageSize = 2;

        Batch b = later.fetch(cursor);
        assertThat(b.mentions()).extracting(Mention::id).containsExactly("t3_new2", "t3_new1", "t3_new3");
        assertThat(later.fetch(b.cursor()).mentions()).isEmpty();
        assertThat(authorizations.stream().filter(a -> a.startsWith("Basic")).count()).isEqualTo(2); // one per instance
    }

    @Test
    void whenTheRateLimitIsUsedUp_thenTheNextFetchWaitsForTheReset() throws Exception {
        rateHeaders = Map.of("X-Ratelimit-Remaining", "0.0", "X-Ratelimit-Used", "600", "X-Ratelimit-Reset", "42");
        Batch b = connector().fetch(null);
        assertThat(b.notBefore()).isEqualTo(NOW.plusSeconds(42));
        assertThat(b.mentions()).hasSize(6);
    }

    @Test
    void aMissingOrRefusedClientCredentialIsFatal_anExpiredTokenIsRetried() throws Exception {
        assertThatThrownBy(() -> connector(Map.of()).fetch(null)).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("REDDIT_CLIENT");
        });
        server.fault(new ReplayServer.Status(401, Map.of(), "{\"message\":\"Unauthorized\",\"error\":401}"));
        assertThatThrownBy(() -> connector().fetch(null)).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.retryable()).isFalse());

        RedditConnector c = connector();
        server.fault(new ReplayServer.Status(200, Map.of(), "{\"access_token\":\"old\",\"expires_in\":3600}"));
        server.fault(new ReplayServer.Status(401, Map.of(), "{\"message\":\"Unauthorized\"}"));
        assertThatThrownBy(() -> c.fetch(null)).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.retryable()).isTrue());
        // the next attempt asks for a new token and succeeds
        Batch b = assertThatNoExceptionThrown(c);
        assertThat(b.mentions()).hasSize(6);
        assertThat(authorizations).startsWith("Basic bXktaWQ6bXktc2VjcmV0");
        assertThat(authorizations.get(1)).startsWith("Bearer tok-");
    }

    static Batch assertThatNoExceptionThrown(RedditConnector c) throws Exception {
        return c.fetch(null);
    }

    @Test
    void withoutACredentialVariableTheSettingsErrorNamesTheKey() {
        SourceSettings s = new SourceSettings("reddit", "reddit", true, null, null, null, List.of(), Map.of());
        assertThatThrownBy(() -> new RedditConnector(new SourceContext("ingest.sources[4]", s,
                List.of(new BrandSettings("x", "X", "x", List.of())), clock, new HttpFetcher(clock))))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("ingest.sources[4].credentialEnv");
    }
}
