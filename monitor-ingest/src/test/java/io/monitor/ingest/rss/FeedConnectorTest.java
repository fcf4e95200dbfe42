package io.monitor.ingest.rss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.config.SettingsException;
import io.monitor.core.config.SourceSettings;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FeedConnectorTest {
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    final FakeClock clock = new FakeClock(NOW);
    volatile String alerts = resource("google_alerts_SHAPE_NOT_REAL.xml");
    final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
    final ReplayServer server = new ReplayServer(this::serve);

    static String resource(String name) {
        try (InputStream in = FeedConnectorTest.class.getClassLoader().getResourceAsStream("fixtures/rss/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ReplayServer.Reply serve(URI uri) {
        if (uri.getPath().equals("/blog.xml")) {
            return new ReplayServer.Reply(200, Map.of("Content-Type", "application/rss+xml"),
                    resource("rss2_SHAPE_NOT_REAL.xml"));
        }
        String etag = etag(alerts);
        if (etag.equals(server.lastRequestHeader("If-None-Match"))) {
            return new ReplayServer.Reply(304, Map.of("ETag", etag), "");
        }
        return new ReplayServer.Reply(200, Map.of("Content-Type", "application/atom+xml", "ETag", etag,
                "Last-Modified", "Mon, 02 Mar 2026 09:15:00 GMT"), alerts);
    }

    static String etag(String body) {
        return "\"" + Integer.toHexString(body.hashCode()) + "\"";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    FeedConnector connector(String... feeds) {
        SourceSettings s = new SourceSettings("alerts", "rss", true, null, Duration.ofMinutes(5), null, List.of(),
                Map.of("feeds", List.of(feeds)));
        return new FeedConnector(new SourceContext("ingest.sources[2]", s, List.of(), clock, new HttpFetcher(clock)));
    }

    @Test
    void aGoogleAlertsFeedBecomesMentionsWithTheRealArticleLinkAndPlainText() throws Exception {
        Batch b = connector(server.baseUrl() + "/alerts").fetch(null);

        assertThat(b.rejected()).isEmpty();
        assertThat(b.mentions()).extracting(Mention::id).containsExactly(
                "tag:google.com,2013:googlealerts/feed:22222222222222222222",
                "tag:google.com,2013:googlealerts/feed:11111111111111111111");
        Mention m = b.mentions().get(1);
        assertThat(m.url()).isEqualTo("https://www.example-zeitung.de/region/nordbahn-stellwerk-stoerung-100.html");
        assertThat(b.mentions().get(0).url()).isEqualTo("https://www.example-news.de/wirtschaft/nordbahn-neue-zuege?ref=alert");
        assertThat(m.text()).isEqualTo("Nordbahn: Stellwerksstörung sorgt für Verspätungen\n\n"
                + "Pendler der Nordbahn mussten am Montagmorgen mit Verspätungen von bis zu 40 Minuten rechnen & ...");
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-03-02T08:41:00Z"));
        assertThat(m.platform()).isEqualTo("rss");
        assertThat(m.author().handle()).isEqualTo("www.example-zeitung.de");
        assertThat(m.author().displayName()).isNull();
    }

    @Test
    void anRss2ItemKeepsItsGuidDateAndCreator() throws Exception {
        Mention m = connector(server.baseUrl() + "/blog.xml").fetch(null).mentions().get(0);
        assertThat(m.id()).isEqualTo("example-blog-4711");
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-03-02T06:30:00Z"));
        assertThat(m.author().displayName()).isEqualTo("Jane Reviewer");
        assertThat(m.text()).isEqualTo("Fjord Phone 3 review: great screen, weak battery\n\n"
                + "The Fjord Phone 3 is fast.\n\nBattery life is disappointing.");
    }

    @Test
    void theStoredEtagIsSentBack_a304IsSkipped_andOnlyNewEntriesArePublishedLater() throws Exception {
        String url = server.baseUrl() + "/alerts";
        String cursor = connector(url).fetch(null).cursor();
        assertThat(cursor).contains("\"etag\"").contains("Mon, 02 Mar 2026 09:15:00 GMT");

        Batch unchanged = connector(url).fetch(cursor);
        assertThat(server.lastRequestHeader("If-None-Match")).isEqualTo(etag(alerts));
        assertThat(server.lastRequestHeader("If-Modified-Since")).isEqualTo("Mon, 02 Mar 2026 09:15:00 GMT");
        assertThat(unchanged.mentions()).isEmpty();
        assertThat(unchanged.cursor()).isEqualTo(cursor);

        alerts = alerts.replaceFirst("<entry>", java.util.regex.Matcher.quoteReplacement("""
                <entry>
                    <id>tag:google.com,2013:googlealerts/feed:33333333333333333333</id>
                    <title type="html">&lt;b&gt;Nordbahn&lt;/b&gt; streicht Nachtzüge</title>
                    <link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://example.org/a&amp;ct=ga"></link>
                    <published>2026-03-02T09:50:00Z</published>
                    <content type="html">...</content>
                  </entry>
                  <entry>"""));
        Batch later = connector(url).fetch(cursor);
        assertThat(later.mentions()).extracting(Mention::id)
                .containsExactly("tag:google.com,2013:googlealerts/feed:33333333333333333333");
        assertThat(later.mentions().get(0).url()).isEqualTo("https://example.org/a");
        assertThat(connector(url).fetch(later.cursor()).mentions()).isEmpty();
    }

    @Test
    void aBodyThatIsNotAFeedIsRejected_andADoctypeIsRefused() throws Exception {
        alerts = "<html><body>Sorry, maintenance</body></html>";
        Batch b = connector(server.baseUrl() + "/alerts").fetch(null);
        assertThat(b.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains("neither RSS nor Atom"));

        alerts = "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id><title>&x;</title></entry></feed>";
        Batch xxe = connector(server.baseUrl() + "/alerts").fetch(null);
        assertThat(xxe.mentions()).isEmpty();
        assertThat(xxe.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains("DOCTYPE"));
    }

    @Test
    void aServerErrorIsRetryable() {
        server.fault(new ReplayServer.Status(503, Map.of("Retry-After", "120"), ""));
        assertThatThrownBy(() -> connector(server.baseUrl() + "/alerts").fetch(null))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.retryAfter())
                        .isEqualTo(Duration.ofMinutes(2)));
    }

    @Test
    void withoutAnyFeedTheSettingsErrorNamesTheKey() {
        assertThatThrownBy(() -> connector()).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("ingest.sources[2].options.feeds");
        assertThatThrownBy(() -> connector("ftp://x")).isInstanceOf(SettingsException.class);
    }

    @Test
    void googleRedirectsAreUnwrappedAndOtherLinksKept() {
        assertThat(FeedParser.unwrapGoogleRedirect("https://www.google.com/url?rct=j&sa=t&url=https%3A%2F%2Fa.de%2Fx%3Fy%3D1&ct=ga"))
                .isEqualTo("https://a.de/x?y=1");
        assertThat(FeedParser.unwrapGoogleRedirect("https://a.de/url?url=b")).isEqualTo("https://a.de/url?url=b");
    }
}
