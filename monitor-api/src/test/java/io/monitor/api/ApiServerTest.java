package io.monitor.api;

import static io.monitor.api.Fixtures.T0;
import static io.monitor.api.Fixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.TestHttp.Response;
import io.monitor.api.http.Route;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.api.timeline.TimelineWindow;
import io.monitor.core.json.Json;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Severity;
import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelineQuery;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API over real HTTP against an in-memory incident store: routing, filters, problems, lifecycle, docs. */
@Timeout(30)
class ApiServerTest {
    private final IncidentStore store = new IncidentStore(Clock.systemUTC(), Duration.ofDays(7));
    private ApiServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private int start() {
        server = Fixtures.server(store);
        return server.port();
    }

    private static void assertProblem(Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asText()).startsWith("urn:monitor:problem:");
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void createdServerIsNotListeningUntilStarted() {
        ApiServer unstarted = ApiServer.create(Fixtures.settings(), store, Fixtures.storeSink(store), null, () -> true,
                n -> null, Clock.systemUTC(), Duration.ofSeconds(15));
        org.assertj.core.api.Assertions.assertThatThrownBy(unstarted::port).isInstanceOf(IllegalStateException.class);
        unstarted.close();
    }

    @Test
    void unknownPathIs404Problem() {
        int port = start();
        assertProblem(TestHttp.get(port, "/api/v1/nothing-here"), 404);
        assertProblem(TestHttp.get(port, "/api/v1/incidents/doesnotexist"), 404);
    }

    @Test
    void wrongMethodIs405WithAllowHeader() {
        int port = start();
        Response r = TestHttp.post(port, "/api/v1/incidents", "{}");
        assertProblem(r, 405);
        assertThat(r.header("Allow")).contains("GET");
    }

    @Test
    void incidentListIsNewestFirstAndFilters() {
        store.apply(alert("acme-bahn", "negative-spike", Severity.WARNING, T0, "old bahn"));
        store.apply(alert("acme-bahn", "volume-spike", Severity.CRITICAL, T0.plusSeconds(600), "new bahn"));
        Alert cola = alert("fizzcola", "negative-spike", Severity.CRITICAL, T0.plusSeconds(300), "cola");
        store.apply(cola);
        store.apply(cola.resolved(T0.plusSeconds(900), null));
        int port = start();

        JsonNode all = TestHttp.get(port, "/api/v1/incidents").json();
        assertThat(all.get("count").asInt()).isEqualTo(3);
        assertThat(summaries(all)).containsExactly("new bahn", "cola", "old bahn");
        assertThat(all.get("lastEventId").asText()).isNotBlank();

        assertThat(summaries(TestHttp.get(port, "/api/v1/incidents?brand=acme-bahn").json()))
                .containsExactly("new bahn", "old bahn");
        assertThat(summaries(TestHttp.get(port, "/api/v1/incidents?severity=critical").json()))
                .containsExactly("new bahn", "cola");
        assertThat(summaries(TestHttp.get(port, "/api/v1/incidents?state=resolved").json())).containsExactly("cola");
        assertThat(summaries(TestHttp.get(port, "/api/v1/incidents?state=active").json()))
                .containsExactly("new bahn", "old bahn");
        assertThat(summaries(TestHttp.get(port, "/api/v1/incidents?since=" + T0.plusSeconds(500)).json()))
                .containsExactly("new bahn", "cola");
        assertThat(summaries(TestHttp.get(port, "/api/v1/incidents?limit=1").json())).containsExactly("new bahn");
    }

    private static List<String> summaries(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("incidents").forEach(i -> out.add(i.get("summary").asText()));
        return out;
    }

    @Test
    void badListParametersAre400NamingTheParameter() {
        int port = start();
        Response sev = TestHttp.get(port, "/api/v1/incidents?severity=urgent");
        assertProblem(sev, 400);
        assertThat(sev.json().get("param").asText()).isEqualTo("severity");
        assertThat(sev.json().get("detail").asText()).contains("urgent").contains("critical");

        Response since = TestHttp.get(port, "/api/v1/incidents?since=yesterday");
        assertProblem(since, 400);
        assertThat(since.json().get("param").asText()).isEqualTo("since");

        Response limit = TestHttp.get(port, "/api/v1/incidents?limit=0");
        assertProblem(limit, 400);
        assertThat(limit.json().get("detail").asText()).contains("between 1 and 1000");
    }

    @Test
    void detailShowsAlertAndLifecycleTimelineWithActorAndTime() {
        Alert a = alert("acme-bahn", "negative-spike", Severity.CRITICAL, T0, "Negative storm");
        store.apply(a);
        int port = start();

        Response ack = TestHttp.post(port, "/api/v1/incidents/" + a.fingerprint() + "/acknowledge", "");
        assertThat(ack.status()).as(ack.body()).isEqualTo(200);
        assertThat(ack.json().at("/incident/state").asText()).isEqualTo("acknowledged");
        Response note = TestHttp.post(port, "/api/v1/incidents/" + a.fingerprint() + "/notes",
                "{\"text\":\"Pressestelle informiert\"}");
        assertThat(note.status()).as(note.body()).isEqualTo(200);

        JsonNode d = TestHttp.get(port, "/api/v1/incidents/" + a.fingerprint()).json();
        assertThat(d.at("/incident/state").asText()).isEqualTo("acknowledged");
        assertThat(d.at("/incident/acknowledgedBy").asText()).isEqualTo("local");
        assertThat(d.at("/alert/labels/brand").asText()).isEqualTo("acme-bahn");
        assertThat(d.get("timeline")).hasSize(2);
        assertThat(d.at("/timeline/0/type").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(d.at("/timeline/0/actor").asText()).isEqualTo("local");
        assertThat(Instant.parse(d.at("/timeline/0/at").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(d.at("/timeline/1/text").asText()).isEqualTo("Pressestelle informiert");
    }

    @Test
    void invalidLifecycleBodiesAreRejectedAndChangeNothing() {
        Alert a = alert("acme-bahn", "negative-spike", Severity.CRITICAL, T0, "Negative storm");
        store.apply(a);
        int port = start();
        String base = "/api/v1/incidents/" + a.fingerprint();

        Response noReason = TestHttp.post(port, base + "/resolve", "{}");
        assertProblem(noReason, 400);
        assertThat(noReason.json().get("field").asText()).isEqualTo("reason");

        Response unknownField = TestHttp.post(port, base + "/assign", "{\"assignee\":\"jana\",\"prio\":1}");
        assertProblem(unknownField, 400);
        assertThat(unknownField.json().get("field").asText()).isEqualTo("prio");

        assertProblem(TestHttp.post(port, base + "/notes", "{not json"), 400);
        assertProblem(TestHttp.post(port, base + "/notes", "text=hi", "Content-Type", "text/plain"), 415);
        String huge = "{\"text\":\"" + "x".repeat(5000) + "\"}";
        Response tooLarge = TestHttp.post(port, base + "/notes", huge);
        assertProblem(tooLarge, 413);
        assertProblem(TestHttp.post(port, "/api/v1/incidents/unknownfp/acknowledge", ""), 404);

        assertThat(store.get(a.fingerprint()).orElseThrow().timeline()).isEmpty();
    }

    @Test
    void snoozeAndResolveChangeTheState() {
        Alert a = alert("fizzcola", "negative-spike", Severity.WARNING, T0, "Zucker-Shitstorm");
        store.apply(a);
        int port = start();
        String base = "/api/v1/incidents/" + a.fingerprint();

        assertThat(TestHttp.post(port, base + "/snooze", "{\"for\":\"2h\"}").json().at("/incident/state").asText())
                .isEqualTo("snoozed");
        assertThat(TestHttp.post(port, base + "/assign", "{\"assignee\":\"jana\"}").json()
                .at("/incident/assignee").asText()).isEqualTo("jana");
        assertThat(TestHttp.post(port, base + "/resolve", "{\"reason\":\"Statement posted\"}").json()
                .at("/incident/state").asText()).isEqualTo("resolved");
        assertThat(summariesOf(TestHttp.get(port, "/api/v1/incidents?state=active").json())).isEmpty();
    }

    private static List<String> summariesOf(JsonNode list) {
        return summaries(list);
    }

    @Test
    void brandsComeFromSettings() {
        int port = start();
        JsonNode b = TestHttp.get(port, "/api/v1/brands").json();
        assertThat(b.get("brands")).hasSize(2);
        assertThat(b.at("/brands/0/id").asText()).isEqualTo("acme-bahn");
        assertThat(b.at("/brands/0/name").asText()).isEqualTo("Acme Bahn");
    }

    @Test
    void timelineWithoutStreamsInThisProcessIs503() {
        int port = start();
        Response r = TestHttp.get(port, "/api/v1/brands/acme-bahn/timeline");
        assertProblem(r, 503);
        assertThat(r.json().get("detail").asText()).contains("streams");
        assertProblem(TestHttp.get(port, "/api/v1/brands/nobrand/timeline"), 404);
    }

    @Test
    void timelineIsServedFromTheQueryWithValidatedRange() {
        List<Object[]> calls = new ArrayList<>();
        TimelineQuery q = (brand, window, from, to) -> {
            calls.add(new Object[] {brand, from, to});
            return List.of(new TimelinePoint(brand, from, from.plusSeconds(60), 12, 9, 2, 1, -0.6));
        };
        server = Fixtures.server(Fixtures.settings(), store, q, () -> true, n -> null, Duration.ofSeconds(15));
        int port = server.port();

        JsonNode t = TestHttp.get(port, "/api/v1/brands/acme-bahn/timeline?from=2026-11-27T07:00:00Z&to=2026-11-27T08:00:00Z")
                .json();
        assertThat(t.get("points")).hasSize(1);
        assertThat(t.at("/points/0/negative").asLong()).isEqualTo(9);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)[1]).isEqualTo(Instant.parse("2026-11-27T07:00:00Z"));

        Response reversed = TestHttp.get(port,
                "/api/v1/brands/acme-bahn/timeline?from=2026-11-27T09:00:00Z&to=2026-11-27T08:00:00Z");
        assertProblem(reversed, 400);
        assertThat(reversed.json().get("param").asText()).isEqualTo("from");
        assertProblem(TestHttp.get(port, "/api/v1/brands/acme-bahn/timeline?from=2026-01-01T00:00:00Z"), 400);
    }

    @Test
    void storeNotQueryableIs503AndUnexpectedFailureIs500WithoutInternals() {
        TimelineQuery q = (brand, window, from, to) -> {
            if (brand.equals("acme-bahn")) {
                throw new IllegalStateException("rebalancing");
            }
            throw new NullPointerException("secret internal detail");
        };
        server = Fixtures.server(Fixtures.settings(), store, q, () -> true, n -> null, Duration.ofSeconds(15));
        int port = server.port();
        Response restoring = TestHttp.get(port, "/api/v1/brands/acme-bahn/timeline");
        assertProblem(restoring, 503);
        assertThat(restoring.header("Retry-After")).isEqualTo("5");

        Response broken = TestHttp.get(port, "/api/v1/brands/fizzcola/timeline");
        assertProblem(broken, 500);
        assertThat(broken.body()).doesNotContain("secret internal detail").doesNotContain("NullPointer");
        assertThat(broken.json().get("errorId").asText()).isNotBlank();
    }

    @Test
    void readinessFollowsTheReadySupplierAndLivenessIsAlwaysUp() {
        AtomicBoolean ready = new AtomicBoolean(false);
        server = Fixtures.server(Fixtures.settings(), store, null, ready::get, n -> null, Duration.ofSeconds(15));
        int port = server.port();
        assertThat(TestHttp.get(port, "/health/live").status()).isEqualTo(200);
        assertThat(TestHttp.get(port, "/health/ready").status()).isEqualTo(503);
        ready.set(true);
        assertThat(TestHttp.get(port, "/health/ready").status()).isEqualTo(200);
    }

    @Test
    void metricsArePrometheusTextWithRouteTemplatesNotIds() {
        int port = start();
        TestHttp.get(port, "/api/v1/incidents/abc123def");
        // The timer is recorded after the response went out, so the scrape may briefly lag behind.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Response m = TestHttp.get(port, "/metrics");
            assertThat(m.status()).isEqualTo(200);
            assertThat(m.body()).contains("monitor_api_requests_seconds_count")
                    .contains("route=\"/api/v1/incidents/{fingerprint}\"")
                    .contains("monitor_api_incidents{state=\"open\"}")
                    .contains("monitor_api_incidents_active{brand=\"acme-bahn\"}")
                    .doesNotContain("abc123def");
        });
    }

    @Test
    void openApiDocumentDescribesEveryRouteTheServerServes() throws Exception {
        int port = start();
        Response r = TestHttp.get(port, "/api/v1/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = Json.MAPPER.readTree(r.body());
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        List<String> missing = new ArrayList<>();
        for (Route route : server.routes()) {
            JsonNode path = doc.at("/paths").get(route.template());
            if (path == null || path.get(route.method().toLowerCase()) == null) {
                missing.add(route.method() + " " + route.template());
            }
        }
        assertThat(missing).as("routes missing from openapi.json").isEmpty();
        assertThat(doc.get("paths").size()).as("no documented path that the server does not serve")
                .isEqualTo(server.routes().stream().map(Route::template).distinct().count());
    }

    @Test
    void openApiDocumentsTheTimelineWindowParameterItsLimitsAndEveryFieldOfAPoint() throws Exception {
        int port = start();
        JsonNode doc = Json.MAPPER.readTree(TestHttp.get(port, "/api/v1/openapi.json").body());
        JsonNode op = doc.get("paths").get("/api/v1/brands/{brand}/timeline").get("get");
        List<String> query = new ArrayList<>();
        JsonNode window = null;
        for (JsonNode p : op.get("parameters")) {
            if (p.get("in").asText().equals("query")) {
                query.add(p.get("name").asText());
                if (p.get("name").asText().equals("window")) {
                    window = p;
                }
            }
        }
        assertThat(query).as("the query parameters the handler reads").containsExactlyInAnyOrder("window", "from", "to");
        List<String> enumValues = new ArrayList<>();
        window.at("/schema/enum").forEach(v -> enumValues.add(v.asText()));
        assertThat(enumValues).isEqualTo(java.util.Arrays.stream(TimelineWindow.values()).map(TimelineWindow::param).toList());
        assertThat(window.at("/schema/default").asText()).isEqualTo(TimelineWindow.DEFAULT.param());
        for (TimelineWindow w : TimelineWindow.values()) {
            assertThat(window.get("description").asText()).contains(w.param() + ": " + w.maxSpanText());
            assertThat(op.at("/responses/400/description").asText()).contains(w.param());
        }
        assertThat(op.at("/responses/400/description").asText()).contains("'window'").contains("'from'")
                .contains("maxSpanSeconds");
        assertThat(op.at("/responses/503/headers/Retry-After")).isNotNull();
        JsonNode schemas = doc.at("/components/schemas");
        assertThat(schemas.at("/Timeline/properties/window/enum")).hasSize(TimelineWindow.values().length);
        // The documented fields of a point are exactly what the server writes: the record's components, described.
        assertDocumented(schemas.get("TimelinePoint"), TimelinePoint.class);
        assertDocumented(schemas.get("TimelineCount"), TimelinePoint.Count.class);
        assertDocumented(schemas.get("TimelineAuthor"), TimelinePoint.Author.class);
        assertThat(schemas.at("/TimelinePoint/properties/topAuthors/items/$ref").asText())
                .isEqualTo("#/components/schemas/TimelineAuthor");
    }

    private static void assertDocumented(JsonNode schema, Class<? extends Record> type) {
        List<String> documented = new ArrayList<>();
        schema.get("properties").fieldNames().forEachRemaining(documented::add);
        assertThat(documented).as(type.getSimpleName()).isEqualTo(java.util.Arrays.stream(type.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList());
        schema.get("properties").forEach(p -> assertThat(p.path("description").asText())
                .as(type.getSimpleName() + " " + p).isNotBlank());
    }

    @Test
    void openApiDocumentListsTheErrorsEveryRouteCanAnswerItsPathParametersAndResolvableSchemas() throws Exception {
        int port = start();
        JsonNode doc = Json.MAPPER.readTree(TestHttp.get(port, "/api/v1/openapi.json").body());
        List<String> gaps = new ArrayList<>();
        for (Route route : server.routes()) {
            String op = route.method() + " " + route.template();
            JsonNode o = doc.at("/paths").get(route.template()).get(route.method().toLowerCase());
            JsonNode responses = o.get("responses");
            // The Router answers 414 for any URI over Router.MAX_URI_CHARS, whatever the route.
            List<String> needed = new ArrayList<>(List.of("414"));
            if (route.role() != null) {
                needed.addAll(List.of("401", "403"));
            }
            boolean body = route.method().equals("POST") || route.method().equals("PUT");
            if (body) {
                needed.addAll(List.of("400", "413", "415"));
                if (o.get("requestBody") == null) {
                    gaps.add(op + ": no requestBody");
                }
            }
            if (route.template().contains("{")) {
                needed.add("404");
            }
            for (String code : needed) {
                if (responses.get(code) == null) {
                    gaps.add(op + ": no " + code + " response");
                }
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([a-zA-Z]+)}").matcher(route.template());
            while (m.find()) {
                boolean declared = false;
                for (JsonNode param : o.path("parameters")) {
                    declared |= param.path("in").asText().equals("path") && param.path("name").asText().equals(m.group(1));
                }
                if (!declared) {
                    gaps.add(op + ": path parameter " + m.group(1) + " not declared");
                }
            }
        }
        // Every $ref names a component that exists.
        List<JsonNode> refs = doc.findValues("$ref");
        assertThat(refs).isNotEmpty();
        for (JsonNode ref : refs) {
            if (doc.at(ref.asText().substring(1)).isMissingNode()) {
                gaps.add("dangling " + ref.asText());
            }
        }
        assertThat(gaps).as("gaps in openapi.json").isEmpty();
    }

    @Test
    void dashboardIsServedWithItsAssetsAndNoExternalResources() {
        int port = start();
        Response page = TestHttp.get(port, "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("/assets/dashboard.js").contains("/assets/dashboard.css");
        for (String asset : List.of("/assets/dashboard.js", "/assets/dashboard.css")) {
            Response a = TestHttp.get(port, asset);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).doesNotContain("http://cdn").doesNotContain("https://");
        }
        assertThat(page.body()).doesNotContain("https://");
        assertProblem(TestHttp.get(port, "/assets/secret.txt"), 404);
    }

    @Test
    void headRequestsAnswerWithoutBody() {
        int port = start();
        Response r = TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(port, "/health/live"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }
}
