package io.monitor.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.TestHttp.Response;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Sentiment;
import io.monitor.core.model.Severity;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The brand and planned-event endpoints over real HTTP on a server without Kafka (changes kept in memory): what a
 * brand created at run time brings with it (mentions, timeline, overview), and the 404/409 answers. The Kafka round
 * trip, roles and several instances are in {@code BrandsApiIT}.
 */
@Timeout(30)
class BrandsApiTest {
    private final IncidentStore store = new IncidentStore();
    private ApiServer server;
    private int port;

    @BeforeEach
    void start() {
        server = Fixtures.server(store);
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Response send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(TestHttp.uri(port, path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return TestHttp.send(b);
    }

    @Test
    void aBrandCreatedAtRunTimeGetsMentionsTimelineAndOverviewAndLosesThemWhenDeleted() {
        Response created = TestHttp.post(port, "/api/v1/brands", "{\"id\":\"nordbahn\",\"query\":\"nordbahn\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        // Recent mentions are kept for it from now on, as for a config brand.
        assertThat(server.mentions().add("nordbahn", MentionsApiTest.mention("m1", "bluesky", "de",
                Sentiment.Label.NEGATIVE, Instant.now()))).isTrue();
        JsonNode mentions = TestHttp.get(port, "/api/v1/brands/nordbahn/mentions").json();
        assertThat(mentions.get("count").asInt()).isEqualTo(1);
        // The timeline answers for it (503 here: no Streams in this process), not 404.
        assertThat(TestHttp.get(port, "/api/v1/brands/nordbahn/timeline").status()).isEqualTo(503);
        store.apply(Fixtures.alert("nordbahn", "negative-spike", Severity.CRITICAL, Fixtures.T0, "storm"));
        JsonNode overview = TestHttp.get(port, "/api/v1/brands").json();
        assertThat(overview.get("count").asInt()).isEqualTo(3);
        assertThat(overview.at("/brands/2/id").asText()).isEqualTo("nordbahn");
        assertThat(overview.at("/brands/2/activeIncidents").asInt()).isEqualTo(1);
        assertThat(overview.get("canEditBrands").asBoolean()).isTrue(); // no tokens: everybody is the local admin

        assertThat(send("DELETE", "/api/v1/brands/nordbahn", null).status()).isEqualTo(204);
        assertThat(TestHttp.get(port, "/api/v1/brands/nordbahn/mentions").status()).isEqualTo(404);
        assertThat(TestHttp.get(port, "/api/v1/brands/nordbahn/timeline").status()).isEqualTo(404);
        assertThat(TestHttp.get(port, "/api/v1/brands/nordbahn/events").status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/brands/nordbahn", null).status()).isEqualTo(404);
    }

    @Test
    void conflictsAndUnknownIdsAreProblemsThatSayWhatToDo() {
        Response dup = TestHttp.post(port, "/api/v1/brands", "{\"id\":\"acme-bahn\",\"query\":\"acme\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(dup.json().get("detail").asText()).contains("PUT /api/v1/brands/acme-bahn");
        Instant start = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        String event = "{\"id\":\"launch\",\"title\":\"Launch\",\"start\":\"" + start + "\",\"end\":\""
                + start.plus(Duration.ofHours(2)) + "\",\"mode\":\"MUTE\"}";
        assertThat(TestHttp.post(port, "/api/v1/brands/acme-bahn/events", event).status()).isEqualTo(201);
        assertThat(TestHttp.post(port, "/api/v1/brands/fizzcola/events", event).status()).isEqualTo(409);
        assertThat(send("PUT", "/api/v1/events/nope", event.replace("\"id\":\"launch\",", "")).status()).isEqualTo(404);
        assertThat(send("PUT", "/api/v1/brands/nope", "{\"query\":\"x\"}").status()).isEqualTo(404);
        // Cancelling twice answers the same cancelled event; a cancelled event cannot change.
        assertThat(send("DELETE", "/api/v1/events/launch", null).json().get("status").asText()).isEqualTo("cancelled");
        assertThat(send("DELETE", "/api/v1/events/launch", null).status()).isEqualTo(200);
        Response change = send("PUT", "/api/v1/events/launch", event.replace("\"id\":\"launch\",", ""));
        assertThat(change.status()).isEqualTo(409);
        assertThat(change.json().get("detail").asText()).contains("cancelled");
        // Cancelled events are listed only on request.
        assertThat(TestHttp.get(port, "/api/v1/events").json().get("count").asInt()).isZero();
        assertThat(TestHttp.get(port, "/api/v1/events?includeCancelled=true").json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void anIncidentThatStartedBeforeAnEventOverlapsItOnlyWhileItIsNotOver() {
        Alert a = Fixtures.alert("acme-bahn", "negative-spike", Severity.WARNING, Fixtures.T0, "storm");
        store.apply(a);
        Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        assertThat(TestHttp.post(port, "/api/v1/brands/acme-bahn/events", "{\"title\":\"Spot\",\"start\":\"" + start
                + "\",\"end\":\"" + start.plus(Duration.ofHours(1)) + "\",\"mode\":\"MUTE\"}").status()).isEqualTo(201);
        // Firing since an hour ago; the event began 30 minutes ago: it overlaps.
        assertThat(TestHttp.get(port, "/api/v1/incidents/" + a.fingerprint()).json().at("/plannedEvents/0/title")
                .asText()).isEqualTo("Spot");
        // Resolved 40 minutes ago, before the event began: no overlap.
        store.apply(a.resolved(Instant.now().minus(Duration.ofMinutes(40)), null));
        assertThat(TestHttp.get(port, "/api/v1/incidents/" + a.fingerprint()).json().get("plannedEvents")).isEmpty();
    }

    @Test
    void givenABrandCreatedOverTheApi_whenItGetsAnIncidentAndIsDeleted_thenItsPrometheusSeriesFollow() {
        assertThat(TestHttp.get(port, "/metrics").body()).doesNotContain("brand=\"nordbahn\"")
                .contains("monitor_api_incidents_active{brand=\"acme-bahn\"} 0.0");
        assertThat(TestHttp.post(port, "/api/v1/brands", "{\"id\":\"nordbahn\",\"query\":\"nordbahn\"}").status())
                .isEqualTo(201);
        store.apply(Fixtures.alert("nordbahn", "negative-spike", Severity.CRITICAL, Fixtures.T0, "storm"));
        String metrics = TestHttp.get(port, "/metrics").body();
        assertThat(metrics).contains("monitor_api_incidents_active{brand=\"nordbahn\"} 1.0")
                .contains("monitor_api_mentions_held{brand=\"nordbahn\"} 0.0");
        // The config brand deleted at run time and the new brand deleted: neither is reported any more.
        assertThat(send("DELETE", "/api/v1/brands/acme-bahn", null).status()).isEqualTo(204);
        assertThat(send("DELETE", "/api/v1/brands/nordbahn", null).status()).isEqualTo(204);
        assertThat(TestHttp.get(port, "/metrics").body()).doesNotContain("brand=\"nordbahn\"")
                .doesNotContain("brand=\"acme-bahn\"").contains("monitor_api_incidents_active{brand=\"fizzcola\"}");
    }
}
