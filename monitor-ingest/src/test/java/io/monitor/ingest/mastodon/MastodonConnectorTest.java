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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MastodonConnectorTest {
    static final Instant NOW = Instant.parse("2019-12-08T04:00:00Z");
    final FakeClock clock = new FakeClock(NOW);
    final MastodonReplay mastodon = new MastodonReplay();
    final ReplayServer server = new ReplayServer(mastodon);
    final List<BrandSettings> brands = List.of(new BrandSettings("nordbahn", "Nordbahn", "nordbahn",
            List.of("nordbahn")), new BrandSettings("fjordphone", "Fjord Phone", "fjordphone", List.of("#FjordPhone")));

    @AfterEach
    void stop() {
        server.close();
    }

    MastodonConnector connector(Map<String, Object> options) {
        SourceSettings s = new SourceSettings("masto", "mastodon", true, server.baseUrl() + "/",
                Duration.ofSeconds(30), null, List.of(), options);
        return new MastodonConnector(new SourceContext("ingest.sources[1]", s, brands, clock, new HttpFetcher(clock)));
    }

    static String id(int n) {
        return String.valueOf(103270115826048975L + n);
    }

    @Test
    void theRecordedStatusIsMappedWithHtmlStrippedAuthorReachAndEngagement() throws Exception {
        mastodon.add("nordbahn", MastodonReplay.STATUS);

        Batch b = connector(Map.of()).fetch(null);

        Mention m = b.mentions().get(0);
        assertThat(m.id()).isEqualTo("103270115826048975");
        assertThat(m.text()).isEqualTo("\"I lost my inheritance with one wrong digit on my sort code\"\n\n"
                + "https://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code");
        assertThat(m.author()).isEqualTo(new Mention.Author("1", "Gargron", "Eugen", 322930));
        assertThat(m.language()).isEqualTo("en");
        assertThat(m.url()).isEqualTo("https://mastodon.social/@Gargron/103270115826048975");
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2019-12-08T03:48:33.901Z"));
        assertThat(m.engagement()).isEqualTo(new Mention.Engagement(11, 6, 5, 2));
        assertThat(b.cursor()).isEqualTo("{\"nordbahn\":\"103270115826048975\"}");
    }

    @Test
    void everyBrandHashtagIsFollowed_lowerCasedWithoutTheHash() throws Exception {
        connector(Map.of()).fetch(null);
        assertThat(server.requests).extracting(java.net.URI::getPath)
                .containsExactly("/api/v1/timelines/tag/nordbahn", "/api/v1/timelines/tag/fjordphone");
    }

    @Test
    void givenACursor_whenMoreThanAPageIsNew_thenPagesAreWalkedForwardAndEveryStatusComesOnce() throws Exception {
        mastodon.add("nordbahn", MastodonReplay.STATUS);
        MastodonConnector c = connector(Map.of("hashtags", List.of("nordbahn"), "limit", 2));
        String cursor = c.fetch(null).cursor();
        for (int i = 1; i <= 5; i++) {
            mastodon.add("nordbahn", MastodonReplay.derived(id(i), NOW.plusSeconds(i), "<p>post " + i + "</p>"));
        }
        List<String> ids = new ArrayList<>();
        Batch b;
        int fetches = 0;
        do {
            b = connector(Map.of("hashtags", List.of("nordbahn"), "limit", 2)).fetch(cursor); // as after a restart
            b.mentions().forEach(m -> ids.add(m.id()));
            cursor = b.cursor();
            fetches++;
        } while (b.more() && fetches < 10);

        assertThat(ids).containsExactly(id(1), id(2), id(3), id(4), id(5));
        assertThat(connector(Map.of("hashtags", "nordbahn")).fetch(cursor).mentions()).isEmpty();
    }

    @Test
    void whenTheRateLimitIsUsedUp_thenTheNextFetchWaitsForTheReset() throws Exception {
        mastodon.headers = Map.of("X-RateLimit-Limit", "300", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", "2019-12-08T04:05:00.000Z");
        Batch b = connector(Map.of()).fetch(null);
        assertThat(b.notBefore()).isEqualTo(Instant.parse("2019-12-08T04:05:00Z"));
        assertThat(server.requests).hasSize(1); // the second hashtag waits too
    }

    @Test
    void rateLimitedAnswerCarriesTheResetAsRetryAfter() {
        server.fault(new ReplayServer.Status(429, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset",
                "2019-12-08T04:01:30Z"), "{\"error\":\"Too many requests\"}"));
        assertThatThrownBy(() -> connector(Map.of()).fetch(null)).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90)));
    }

    @Test
    void aGarbageBodyIsRejectedAndOnlyThatHashtagKeepsItsCursor() throws Exception {
        mastodon.add("fjordphone", MastodonReplay.derived(id(9), NOW, "<p>hi #fjordphone</p>"));
        server.fault(new ReplayServer.Status(200, Map.of(), "{\"error\":\"maintenance\"}"));
        Batch b = connector(Map.of()).fetch("{\"nordbahn\":\"5\"}");
        assertThat(b.rejected()).singleElement().satisfies(r -> {
            assertThat(r.raw()).isEqualTo("{\"error\":\"maintenance\"}");
            assertThat(r.reason()).contains("#nordbahn");
        });
        assertThat(b.mentions()).extracting(Mention::text).containsExactly("hi #fjordphone");
        assertThat(b.cursor()).isEqualTo("{\"fjordphone\":\"" + id(9) + "\",\"nordbahn\":\"5\"}");
    }

    @Test
    void aStatusWithoutCreationTimeIsRejectedWithItsIdAndTheCursorMovesPastIt() throws Exception {
        var bad = MastodonReplay.derived(id(1), NOW, "<p>x</p>");
        bad.remove("created_at");
        mastodon.add("nordbahn", bad);
        Batch b = connector(Map.of("hashtags", "nordbahn")).fetch(null);
        assertThat(b.mentions()).isEmpty();
        assertThat(b.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains(id(1)));
        assertThat(b.cursor()).contains(id(1));
    }

    @Test
    void aReblogIsARepostWithTheOriginalsText() throws Exception {
        var reblog = MastodonReplay.derived(id(2), NOW, "");
        reblog.set("reblog", MastodonReplay.derived(id(1), NOW.minusSeconds(60), "<p>orig &amp; more</p>"));
        mastodon.add("nordbahn", reblog);
        Mention m = connector(Map.of("hashtags", "nordbahn")).fetch(null).mentions().get(0);
        assertThat(m.repostOf()).isEqualTo(id(1));
        assertThat(m.text()).isEqualTo("orig & more");
    }

    @Test
    void withoutAnyHashtagTheSettingsErrorNamesTheKey() {
        SourceSettings s = new SourceSettings("masto", "mastodon", true, null, null, null, List.of(), Map.of());
        assertThatThrownBy(() -> new MastodonConnector(new SourceContext("ingest.sources[3]", s,
                List.of(new BrandSettings("x", "X", "x", List.of())), clock, new HttpFetcher(clock))))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("ingest.sources[3].options.hashtags");
    }
}
