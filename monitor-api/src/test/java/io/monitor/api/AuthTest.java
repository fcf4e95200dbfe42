package io.monitor.api;

import static io.monitor.api.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.api.TestHttp.Response;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.config.TokenSettings;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bearer tokens from the environment, roles viewer &lt; responder &lt; admin, over real HTTP. */
@Timeout(30)
class AuthTest {
    private static final Map<String, String> ENV = Map.of(
            "VIEWER_TOKEN", "v-secret-1",
            "RESPONDER_TOKEN", "r-secret-2",
            "ADMIN_TOKEN", "a-secret-3");

    private final IncidentStore store = new IncidentStore();
    private final Alert alert = Fixtures.alert("acme-bahn", "negative-spike", Severity.CRITICAL, T0, "storm");
    private ApiServer server;
    private int port;

    @BeforeEach
    void start() {
        store.apply(alert);
        server = Fixtures.server(Fixtures.settings(List.of(
                new TokenSettings("cm-dashboard", "viewer", "VIEWER_TOKEN"),
                new TokenSettings("jana", "responder", "RESPONDER_TOKEN"),
                new TokenSettings("ops", "admin", "ADMIN_TOKEN"),
                new TokenSettings("ghost", "admin", "UNSET_TOKEN")), 4096),
                store, null, () -> true, ENV::get, Duration.ofSeconds(15));
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void readingWithoutTokenIs401WithChallenge() {
        Response r = TestHttp.get(port, "/api/v1/incidents");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void unknownTokenOrSchemeIs401AndTheTokenIsNotEchoed() {
        Response bad = TestHttp.get(port, "/api/v1/incidents", "Authorization", bearer("guess-123"));
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.body()).doesNotContain("guess-123");
        assertThat(TestHttp.get(port, "/api/v1/incidents", "Authorization", "Basic dXNlcjpwdw==").status())
                .isEqualTo(401);
    }

    @Test
    void viewerReadsButCannotActResponderActsAsItself() {
        assertThat(TestHttp.get(port, "/api/v1/incidents", "Authorization", bearer("v-secret-1")).status())
                .isEqualTo(200);
        Response forbidden = TestHttp.post(port, "/api/v1/incidents/" + alert.fingerprint() + "/acknowledge", "",
                "Authorization", bearer("v-secret-1"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("detail").asText()).contains("responder").contains("cm-dashboard");

        Response ok = TestHttp.post(port, "/api/v1/incidents/" + alert.fingerprint() + "/acknowledge", "",
                "Authorization", bearer("r-secret-2"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().at("/event/actor").asText()).isEqualTo("jana");
        assertThat(TestHttp.post(port, "/api/v1/incidents/" + alert.fingerprint() + "/notes", "{\"text\":\"hi\"}",
                "Authorization", bearer("a-secret-3")).json().at("/event/actor").asText()).isEqualTo("ops");
    }

    @Test
    void healthDashboardAndOpenApiArePublicMetricsAreNot() {
        assertThat(TestHttp.get(port, "/health/live").status()).isEqualTo(200);
        assertThat(TestHttp.get(port, "/health/ready").status()).isEqualTo(200);
        assertThat(TestHttp.get(port, "/").status()).isEqualTo(200);
        assertThat(TestHttp.get(port, "/api/v1/openapi.json").status()).isEqualTo(200);
        assertThat(TestHttp.get(port, "/metrics").status()).isEqualTo(401);
        assertThat(TestHttp.get(port, "/metrics", "Authorization", bearer("v-secret-1")).status()).isEqualTo(200);
    }

    @Test
    void streamAcceptsTheTokenAsQueryParameterBecauseEventSourceCannotSendHeaders() throws Exception {
        try (TestHttp.SseReader denied = new TestHttp.SseReader(port, "/api/v1/incidents/stream")) {
            assertThat(denied.status).isEqualTo(401);
        }
        try (TestHttp.SseReader sse = new TestHttp.SseReader(port, "/api/v1/incidents/stream?access_token=v-secret-1")) {
            assertThat(sse.status).isEqualTo(200);
        }
        // ...but only there: elsewhere a token in the URL would end up in access logs and browser history.
        assertThat(TestHttp.get(port, "/api/v1/incidents?access_token=v-secret-1").status()).isEqualTo(401);
    }

    @Test
    void aTokenWhoseVariableIsUnsetCannotLogIn() {
        assertThat(TestHttp.get(port, "/api/v1/incidents", "Authorization", bearer("")).status()).isEqualTo(401);
    }
}
