package io.monitor.api;

import static io.monitor.api.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.model.Alert;
import io.monitor.core.model.IncidentEvent;
import io.monitor.core.model.Sentiment;
import io.monitor.core.model.Severity;
import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelineQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} package; the test is skipped, saying so, when
 * it is not installed), driven over the DevTools protocol: the page lists incidents in German or English, follows the
 * live stream, opens the incident linked from a notification ({@code /#incident=<fingerprint>}) with chart and
 * history, and its acknowledge button acts; an admin creates, edits and deletes a brand, with a broken query's error
 * shown at its column next to the field, while a viewer gets no such controls. The incident view's window selector
 * (1 min, 5 min, 1 h) asks the timeline in that window, and the range's figures and top lists under the chart add up
 * the shown windows (English and German). Leaves screenshots in {@code target/dashboard.png},
 * {@code target/dashboard-timeline.png}, {@code target/dashboard-brands.png} and {@code target/dashboard-brand-edit.png}.
 */
@Timeout(120)
class DashboardBrowserIT {
    private final IncidentStore store = new IncidentStore();
    private final StormTimelines timelines = new StormTimelines();
    private ApiServer server;
    private Alert storm;

    @BeforeEach
    void start() {
        assumeTrue(HeadlessChromium.executable() != null, "headless Chromium is not installed (apt-get install chromium); skipping");
        storm = Fixtures.alert("acme-bahn", "negative-spike", Severity.CRITICAL, T0, "Negativ-Sturm um #zugausfall");
        store.apply(storm);
        Alert cola = Fixtures.alert("fizzcola", "volume-spike", Severity.WARNING, T0.plusSeconds(60), "Zuckersteuer-Debatte");
        store.apply(cola);
        store.apply(new IncidentEvent("e1", cola.fingerprint(), IncidentEvent.Type.ACKNOWLEDGED, "jana",
                Instant.now(), null, null, null));
        store.apply(new IncidentEvent("e2", storm.fingerprint(), IncidentEvent.Type.NOTE, "tom", Instant.now(), null,
                null, "Pressestelle informiert"));
        server = Fixtures.server(Fixtures.settings(), store, timelines, () -> true, n -> null, Duration.ofSeconds(15));
        server.mentions().add("acme-bahn", MentionsApiTest.mention("n1", "bluesky", "de", Sentiment.Label.NEGATIVE,
                T0.plusSeconds(30)));
        server.mentions().add("acme-bahn", MentionsApiTest.mention("p1", "bluesky", "de", Sentiment.Label.POSITIVE,
                T0.plusSeconds(40)));
        server.mentions().add("acme-bahn", MentionsApiTest.mention("n2", "mastodon", "de", Sentiment.Label.NEGATIVE,
                T0.plusSeconds(50)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static final String FIGURES = "[...document.querySelectorAll('#range-stats dd')].map(d => d.textContent)";
    private static final String TOP_TERMS = "[...document.querySelectorAll('#top-terms li')].map(li => li.textContent)";
    private static final String TOP_HASHTAGS = "[...document.querySelectorAll('#top-hashtags li')].map(li => li.textContent)";
    private static final String TOP_AUTHORS = "[...document.querySelectorAll('#top-authors li')].map(li => li.textContent)";

    /**
     * Every window of the asked size in {@code [from, to)}, each with 100 mentions on average (78 to 122 over a cycle of
     * 24 windows), 5 of them negative, by 5 authors (reach 1,000, engagement 3), the term "verspätung" once,
     * #zugausfall twice and one author with 830 followers; the last 10 windows are a storm: 200 more mentions, 250
     * negatives, "stellwerk" 200 times and a news account with 1,250,000 followers.
     * Records the window sizes asked for.
     */
    static final class StormTimelines implements TimelineQuery {
        final List<Duration> windows = new java.util.concurrent.CopyOnWriteArrayList<>();


        @Override
        public List<TimelinePoint> timeline(String brand, Duration window, Instant from, Instant to) {
            windows.add(window);
            int n = (int) Duration.between(from, to).dividedBy(window);
            List<TimelinePoint> points = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Instant s = from.plus(window.multipliedBy(i));
                boolean storm = i >= n - 10;
                List<TimelinePoint.Count> terms = storm
                        ? List.of(new TimelinePoint.Count("stellwerk", 200), new TimelinePoint.Count("verspätung", 1))
                        : List.of(new TimelinePoint.Count("verspätung", 1));
                List<TimelinePoint.Author> authors = new ArrayList<>();
                if (storm) {
                    authors.add(new TimelinePoint.Author("tagesnachrichten", "mastodon", 1, 1_250_000));
                }
                authors.add(new TimelinePoint.Author("pendlerin.bsky.social", "bluesky", 1, 830));
                // A rise and fall over every 24 windows that adds up to nothing (the ranges hold whole cycles).
                int k = i % 12;
                long volume = (storm ? 300 : 100) + 4L * (i % 24 < 12 ? k : 11 - k) - 22;
                long negative = storm ? 250 : 5;
                points.add(new TimelinePoint(brand, s, s.plus(window), volume, negative, volume - negative - 10, 10,
                        storm ? -0.7 : 0.05, 5, 1000, 3, terms, List.of(new TimelinePoint.Count("zugausfall", 2)), authors));
            }
            return points;
        }
    }

    private static final String ROWS = "[...document.querySelectorAll('#incidents tbody tr')].map(r => r.innerText)";

    @Test
    void germanDashboardListsIncidentsNewestFirstAndFollowsTheLiveStream() throws Exception {
        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.navigate("http://localhost:" + server.port() + "/?lang=de");
            JsonNode rows = browser.await(ROWS, r -> r.size() == 2);
            assertThat(rows.get(0).asText()).contains("Zuckersteuer-Debatte").contains("übernommen");
            assertThat(rows.get(1).asText()).contains("Negativ-Sturm um #zugausfall").contains("offen")
                    .contains("CRITICAL");
            assertThat(browser.eval("document.querySelector('h1').textContent").asText()).isEqualTo("Aktuelle Vorfälle");
            assertThat(browser.eval("document.querySelector('[data-i18n=samples]').textContent").asText())
                    .isEqualTo("Neueste negative Beiträge");
            browser.await("document.getElementById('conn-text').textContent", t -> t.asText().equals("live"));

            // The detector raises a new alert: the open page shows it without a reload.
            store.apply(Fixtures.alert("acme-bahn", "new-term", Severity.WARNING, T0.plusSeconds(120),
                    "Neuer Begriff: #stellwerk"));
            JsonNode live = browser.await(ROWS, r -> r.size() == 3);
            assertThat(live.get(0).asText()).contains("Neuer Begriff: #stellwerk");
        }
    }

    @Test
    void aNotificationLinkOpensTheIncidentWithChartAndHistoryAndItsButtonsAct() throws Exception {
        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.navigate("http://localhost:" + server.port() + "/?lang=en#incident=" + storm.fingerprint());
            browser.await("document.getElementById('detail-title').textContent",
                    t -> t.asText().equals("Acme Bahn: Negativ-Sturm um #zugausfall"));
            // The 1-minute timeline of the last day, one bar per window.
            assertThat(browser.await("document.querySelectorAll('#chart svg rect.neg').length",
                    n -> n.asInt() > 0).asInt()).isEqualTo(1440);
            assertThat(timelines.windows).isNotEmpty().containsOnly(Duration.ofMinutes(1));
            assertThat(browser.eval("document.getElementById('timeline-range').textContent").asText())
                    .isEqualTo("last 24 h, per minute");
            // The day of points (about 350 KB of JSON) came gzip-compressed.
            JsonNode sizes = browser.eval("performance.getEntriesByType('resource').filter(e => e.name.includes("
                    + "'/timeline?window=1m')).map(e => [e.encodedBodySize, e.decodedBodySize])[0]");
            assertThat(sizes.get(1).asLong()).isGreaterThan(100_000);
            assertThat(sizes.get(0).asLong() * 10).as("compressed %s", sizes).isLessThan(sizes.get(1).asLong());
            assertThat(browser.eval("document.querySelector('#timeline-window [aria-pressed=true]').textContent").asText())
                    .isEqualTo("1 min");
            // What the day adds up to: 1,440 windows of 100 mentions and 5 negatives; the storm's last 10 windows 200
            // mentions more and 250 negatives each.
            browser.await(TOP_TERMS, r -> r.size() == 2);
            assertThat(browser.eval(FIGURES).toString()).isEqualTo("[\"146,000 (9,650 negative)\",\"between 5 and 7,200\","
                    + "\"1,440,000\",\"4,320\"]");
            assertThat(browser.eval(TOP_TERMS).toString()).isEqualTo("[\"stellwerk · 2,000\",\"verspätung · 1,440\"]");
            assertThat(browser.eval(TOP_HASHTAGS).toString()).isEqualTo("[\"#zugausfall · 2,880\"]");
            assertThat(browser.eval(TOP_AUTHORS).toString()).isEqualTo("[\"tagesnachrichten (mastodon) · 1.3M followers · "
                    + "10 mentions\",\"pendlerin.bsky.social (bluesky) · 830 followers · 1,440 mentions\"]");
            assertThat(browser.eval("document.getElementById('range-note').textContent").asText())
                    .startsWith("Sums over the 1,440 windows shown.");
            assertThat(browser.eval("document.getElementById('history').innerText").asText())
                    .contains("tom: note").contains("Pressestelle informiert");
            // The brand's latest negative posts, newest first, with author, reach and a link; the positive one is not shown.
            JsonNode samples = browser.await("[...document.querySelectorAll('#samples li.sample')].map(li => li.innerText)",
                    r -> r.size() == 2);
            assertThat(samples.get(0).asText()).contains("text of n2").contains("@n2.example").contains("1,234 followers")
                    .contains("mastodon").contains("open post");
            assertThat(samples.get(1).asText()).contains("text of n1");
            assertThat(browser.eval("document.querySelector('#samples a').getAttribute('href')").asText())
                    .isEqualTo("https://example.org/mastodon/n2");
            browser.screenshot(Path.of("target", "dashboard.png").toAbsolutePath());
            assertThat(Files.size(Path.of("target", "dashboard.png"))).isGreaterThan(10_000);

            // 5-minute windows: a week of them; the everyday term now outnumbers the storm's.
            browser.eval("document.querySelector('#timeline-window button[data-window=\"5m\"]').click(); true");
            browser.await("document.querySelectorAll('#chart svg rect.neg').length", n -> n.asInt() == 2016);
            assertThat(timelines.windows).endsWith(Duration.ofMinutes(5));
            assertThat(browser.eval(TOP_TERMS).toString()).isEqualTo("[\"verspätung · 2,016\",\"stellwerk · 2,000\"]");
            assertThat(browser.eval("document.getElementById('timeline-range').textContent").asText())
                    .isEqualTo("last 7 days, per 5 minutes");
            // Hourly windows over five weeks.
            browser.eval("document.querySelector('#timeline-window button[data-window=\"1h\"]').click(); true");
            browser.await(TOP_HASHTAGS, r -> r.toString().equals("[\"#zugausfall · 1,680\"]"));
            assertThat(timelines.windows).endsWith(Duration.ofHours(1));
            assertThat(browser.eval("document.querySelectorAll('#chart svg rect.neg').length").asInt()).isEqualTo(840);
            assertThat(browser.eval("document.getElementById('timeline-range').textContent").asText())
                    .isEqualTo("last 35 days, per hour");
            assertThat(browser.eval("document.querySelector('#timeline-window [aria-pressed=true]').textContent").asText())
                    .isEqualTo("1 h");
            browser.eval("document.querySelector('#detail .timeline-head').scrollIntoView(); true");
            browser.screenshot(Path.of("target", "dashboard-timeline.png").toAbsolutePath());
            assertThat(Files.size(Path.of("target", "dashboard-timeline.png"))).isGreaterThan(10_000);

            browser.eval("document.querySelector('#detail-actions button[data-action=acknowledge]').click()");
            // The storm's own row (the other incident was acknowledged from the start).
            browser.await(ROWS, r -> {
                for (JsonNode row : r) {
                    if (row.asText().contains("Negativ-Sturm") && row.asText().contains("acknowledged")) {
                        return true;
                    }
                }
                return false;
            });
            assertThat(store.get(storm.fingerprint()).orElseThrow().incident().state()).isEqualTo("acknowledged");
            assertThat(store.get(storm.fingerprint()).orElseThrow().incident().acknowledgedBy()).isEqualTo("local");
        }
    }

    private static final String BRAND_ROWS = "[...document.querySelectorAll('#brands tbody tr')].map(r => r.innerText)";

    @Test
    void theBrandOverviewShowsQueriesIncidentsAndPlannedEventsAndItsFormDeclaresAnEvent() throws Exception {
        // A campaign that runs now, declared over the API as a client would (auth is off: the caller is "local").
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        TestHttp.Response declared = TestHttp.post(server.port(), "/api/v1/brands/acme-bahn/events",
                "{\"title\":\"Winterkampagne\",\"start\":\"" + start + "\",\"end\":\"" + start.plus(Duration.ofHours(4))
                        + "\",\"mode\":\"RAISE\",\"thresholdFactor\":3}");
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.navigate("http://localhost:" + server.port() + "/?lang=de#incident=" + storm.fingerprint());
            JsonNode rows = browser.await(BRAND_ROWS, r -> r.size() == 2);
            assertThat(browser.eval("document.querySelector('#brands-section h2').textContent").asText()).isEqualTo("Marken");
            assertThat(rows.get(0).asText()).contains("Acme Bahn").contains("\"acme bahn\" OR #acmebahn")
                    .contains("Winterkampagne").contains("Schwellen ×3");
            assertThat(rows.get(1).asText()).contains("Fizz Cola").doesNotContain("Winterkampagne");
            assertThat(browser.eval("[...document.querySelectorAll('#brands td.count')].map(c => c.textContent)")
                    .toString()).isEqualTo("[\"1\",\"1\"]");
            // The open incident started during the campaign: its detail says so.
            browser.await("document.getElementById('detail-events').textContent",
                    t -> t.asText().startsWith("Während eines geplanten Ereignisses: Winterkampagne"));
            // The timeline's figures in German, with German number formats.
            browser.await(TOP_TERMS, r -> r.size() == 2);
            assertThat(browser.eval("[...document.querySelectorAll('#range-stats dt')].map(d => d.textContent)").toString())
                    .isEqualTo("[\"Erwähnungen\",\"Verschiedene Accounts\",\"Reichweite (Follower, je Erwähnung summiert)\","
                            + "\"Interaktionen (Likes, Reposts, Antworten, Zitate)\"]");
            assertThat(browser.eval(FIGURES).toString()).isEqualTo("[\"146.000 (9.650 negativ)\",\"zwischen 5 und 7.200\","
                    + "\"1.440.000\",\"4.320\"]");
            assertThat(browser.eval(TOP_AUTHORS).get(0).asText())
                    .isEqualTo("tagesnachrichten (mastodon) · 1,3\u00a0Mio. Follower · 10 Erwähnungen");
            assertThat(browser.eval("document.getElementById('timeline-range').textContent").asText())
                    .isEqualTo("letzte 24 Std., je Minute");
            assertThat(browser.eval("[...document.querySelectorAll('#timeline-window button')].map(b => b.textContent)")
                    .toString()).isEqualTo("[\"1 Min.\",\"5 Min.\",\"1 Std.\"]");
            assertThat(browser.eval("document.querySelector('#range-stats h5').textContent").asText())
                    .isEqualTo("Häufigste Begriffe");

            // The form (shown: this caller may declare events) declares a muting launch for the other brand.
            assertThat(browser.eval("document.getElementById('event-form').hidden").asBoolean()).isFalse();
            browser.eval("document.getElementById('event-brand').value = 'fizzcola';"
                    + "document.getElementById('event-title').value = 'Launch Zero Sugar';"
                    + "const m = document.getElementById('event-mode'); m.value = 'MUTE'; m.dispatchEvent(new Event('change'));"
                    + "document.getElementById('event-form').requestSubmit(); true");
            JsonNode after = browser.await(BRAND_ROWS, r -> r.size() == 2 && r.get(1).asText().contains("Launch Zero Sugar"));
            assertThat(after.get(1).asText()).contains("Alarme stumm").contains("ab");
            var events = server.brands().events().list("fizzcola", java.util.Set.of(), true, Instant.now());
            assertThat(events).hasSize(1);
            assertThat(events.get(0).title()).isEqualTo("Launch Zero Sugar");
            assertThat(events.get(0).mode()).isEqualTo(io.monitor.core.model.PlannedEvent.Mode.MUTE);
            assertThat(events.get(0).createdBy()).isEqualTo("local");
            assertThat(events.get(0).start()).isAfter(Instant.now()); // the form's default: the next full hour
            browser.screenshot(Path.of("target", "dashboard-brands.png").toAbsolutePath());
        }
    }

    private static final String BRAND_FORM_ERROR = "document.getElementById('brand-query-error').textContent";

    @Test
    void anAdminCreatesABrandSeesTheQueryErrorAtItsColumnThenEditsAndDeletesItWhileAViewerSeesNoControls()
            throws Exception {
        String broken = "(nordbahn OR #nordbahn";
        // What the API says of the broken query, so the page is checked against the same position and column.
        TestHttp.Response problem = TestHttp.post(server.port(), "/api/v1/brands",
                "{\"id\":\"probe\",\"query\":\"" + broken + "\"}");
        assertThat(problem.status()).isEqualTo(400);
        int position = problem.json().get("position").asInt();
        int column = problem.json().get("column").asInt();
        String expected = problem.json().get("expected").asText();
        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.navigate("http://localhost:" + server.port() + "/?lang=de");
            browser.await(BRAND_ROWS, r -> r.size() == 2);
            // Auth is off here, so the caller is the local admin: every row has its buttons, and "new brand" is offered.
            assertThat(browser.eval("document.querySelectorAll('#brands tbody .brand-edit').length").asInt()).isEqualTo(2);
            assertThat(browser.eval("document.getElementById('brand-admin').hidden").asBoolean()).isFalse();
            assertThat(browser.eval("document.getElementById('brand-form').hidden").asBoolean()).isTrue();

            // A new brand with a query missing its ')': the error stands next to the query, at the column, nothing is stored.
            browser.eval("document.getElementById('brand-new').click();"
                    + "document.getElementById('brand-id').value = 'nordbahn';"
                    + "document.getElementById('brand-name').value = 'Nordbahn';"
                    + "document.getElementById('brand-hashtags').value = '#nordbahn, bahnchaos';"
                    + "document.getElementById('brand-query').value = '" + broken + "';"
                    + "document.getElementById('brand-form').requestSubmit(); true");
            browser.await(BRAND_FORM_ERROR, e -> !e.asText().isEmpty());
            assertThat(browser.eval(BRAND_FORM_ERROR).asText()).isEqualTo("Spalte " + column + ": erwartet " + expected);
            assertThat(browser.eval("document.getElementById('brand-query-marker').textContent").asText())
                    .isEqualTo(broken + "\n" + " ".repeat(position) + "^");
            assertThat(browser.eval("document.getElementById('brand-query').getAttribute('aria-invalid')").asText())
                    .isEqualTo("true");
            assertThat(browser.eval("document.getElementById('brand-query').selectionStart").asInt()).isEqualTo(position);
            assertThat(browser.eval("document.getElementById('brand-query-error').closest('label')"
                    + ".querySelector('textarea').id").asText()).as("the error is next to the query field")
                    .isEqualTo("brand-query");
            assertThat(server.brands().catalog().contains("nordbahn")).isFalse();
            browser.screenshot(Path.of("target", "dashboard-brand-edit.png").toAbsolutePath());
            assertThat(Files.size(Path.of("target", "dashboard-brand-edit.png"))).isGreaterThan(10_000);

            // Fixed: the brand is created with its hashtags, the form closes, the overview lists it.
            browser.eval("document.getElementById('brand-query').value = '" + broken + ")';"
                    + "document.getElementById('brand-form').requestSubmit(); true");
            browser.await(BRAND_ROWS, r -> r.size() == 3 && r.toString().contains("Nordbahn"));
            var created = server.brands().catalog().get("nordbahn").orElseThrow();
            assertThat(created.query()).isEqualTo(broken + ")");
            assertThat(created.hashtags()).containsExactly("nordbahn", "bahnchaos");
            assertThat(created.updatedBy()).isEqualTo("local");
            assertThat(browser.eval("document.getElementById('brand-form').hidden").asBoolean()).isTrue();

            // The id of an existing brand: the conflict is said next to the id.
            browser.eval("document.getElementById('brand-new').click();"
                    + "document.getElementById('brand-id').value = 'fizzcola';"
                    + "document.getElementById('brand-query').value = 'fizz';"
                    + "document.getElementById('brand-form').requestSubmit(); true");
            assertThat(browser.await("document.getElementById('brand-id-error').textContent", e -> !e.asText().isEmpty())
                    .asText()).contains("Kennung ist vergeben");
            assertThat(server.brands().catalog().get("fizzcola").orElseThrow().query()).isEqualTo("fizzcola OR \"fizz cola\"");
            browser.eval("document.getElementById('brand-cancel').click(); true");

            // Edit: the id is fixed, the name changes.
            browser.eval("document.querySelector('#brands tr[data-brand=nordbahn] .brand-edit').click(); true");
            assertThat(browser.eval("document.getElementById('brand-id').readOnly").asBoolean()).isTrue();
            assertThat(browser.eval("document.getElementById('brand-hashtags').value").asText()).isEqualTo("nordbahn, bahnchaos");
            browser.eval("document.getElementById('brand-name').value = 'Nordbahn AG';"
                    + "document.getElementById('brand-form').requestSubmit(); true");
            browser.await(BRAND_ROWS, r -> r.toString().contains("Nordbahn AG"));
            assertThat(server.brands().catalog().get("nordbahn").orElseThrow().name()).isEqualTo("Nordbahn AG");

            // Delete takes two clicks: the first only arms the button.
            String delete = "document.querySelector('#brands tr[data-brand=nordbahn] .brand-delete')";
            browser.eval(delete + ".click(); true");
            assertThat(browser.eval(delete + ".textContent").asText()).isEqualTo("Wirklich löschen?");
            assertThat(server.brands().catalog().contains("nordbahn")).isTrue();
            browser.eval(delete + ".click(); true");
            browser.await(BRAND_ROWS, r -> r.size() == 2 && !r.toString().contains("Nordbahn"));
            assertThat(server.brands().catalog().contains("nordbahn")).isFalse();
        }

        // A viewer sees the overview without any of these controls (and the API would refuse the change anyway).
        var settings = Fixtures.settings(List.of(new io.monitor.core.config.TokenSettings("cm", "viewer", "VIEWER_TOKEN")),
                4096);
        try (ApiServer viewerServer = Fixtures.server(settings, new IncidentStore(), null, () -> true,
                n -> n.equals("VIEWER_TOKEN") ? "viewer-token-0123456789" : null, Duration.ofSeconds(15));
             HeadlessChromium browser = new HeadlessChromium()) {
            // The token is stored on a page of the same origin that runs no script, so the dashboard never asks for it.
            browser.navigate("http://localhost:" + viewerServer.port() + "/health/live");
            browser.await("location.pathname + document.readyState", s -> s.asText().equals("/health/livecomplete"));
            browser.eval("localStorage.setItem('monitor.token', 'viewer-token-0123456789'); true");
            browser.navigate("http://localhost:" + viewerServer.port() + "/?lang=en");
            browser.await(BRAND_ROWS, r -> r.size() == 2 && r.toString().contains("Acme Bahn"));
            assertThat(browser.eval("document.querySelectorAll('#brands .brand-edit, #brands .brand-delete').length")
                    .asInt()).isZero();
            assertThat(browser.eval("document.getElementById('brand-admin').hidden").asBoolean()).isTrue();
            assertThat(browser.eval("document.getElementById('brands-admin-head').hidden").asBoolean()).isTrue();
        }
    }
}
