package io.monitor.api;

import static io.monitor.api.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.http.Route;
import io.monitor.api.incidents.IncidentEventSink;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.config.TokenSettings;
import io.monitor.core.json.Json;
import io.monitor.core.model.Alert;
import io.monitor.core.model.IncidentEvent;
import io.monitor.core.model.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input at the edges, over real HTTP: a seeded, bounded fuzz run over every route of {@link ApiServer#routes()}
 * (malformed and random JSON, wrong or missing content types, invalid UTF-8, bodies over {@code api.maxBodyBytes},
 * many and huge headers, traversal and injection strings in path segments and query parameters, unknown methods,
 * bad request lines) and auth bypass attempts on every protected route. Every answer must be a 4xx
 * {@code application/problem+json} with a non-empty detail and no internals, nothing may reach the event sink and the
 * incident store must stay unchanged. Requests the JDK client refuses to send go over a raw {@link Socket}.
 *
 * <p>Run: {@code ./mvnw -o -pl monitor-api test -Dtest=ApiFuzzTest}; another seed with {@code -Dfuzz.seed=N}
 * (the seed is printed by every failing assertion).
 */
@Timeout(60)
class ApiFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261127L);
    /** Random cases per route and kind; the fixed cases run in full regardless. */
    private static final int RANDOM_CASES = 12;
    private static final int MAX_BODY = 4096;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Map<String, String> ENV = Map.of(
            "VIEWER_TOKEN", "v-secret-1",
            "RESPONDER_TOKEN", "r-secret-2",
            "ADMIN_TOKEN", "a-secret-3",
            "FUZZ_HOOK_URL", "https://hooks.example.com/fuzz",
            "FUZZ_HOOK_SECRET", "fuzz-signing-secret");
    private static final String ADMIN = "Bearer a-secret-3";

    private static final List<String> INJECTIONS = List.of(
            "../", "../../etc/passwd", "..", ".", "%00", "\u0000", "a\u0000b", "<script>alert(1)</script>",
            "' OR 1=1 --", "\" OR \"\"=\"", "1; DROP TABLE incidents", "${jndi:ldap://127.0.0.1/a}", "%", "%zz",
            "%C3", "\r\nX-Injected: 1", "\u202e\ud83d\ude00", "\\..\\..\\windows", "a".repeat(3000),
            "é".repeat(600));

    /** The query parameters each route validates: a bad value there must be a 400. */
    private static final Map<String, List<String>> VALIDATED = Map.of(
            "/api/v1/brands/{brand}/events", List.of("when", "includeCancelled"),
            "/api/v1/events", List.of("when", "includeCancelled"),
            "/api/v1/incidents", List.of("state", "severity", "since", "limit"),
            "/api/v1/brands/{brand}/mentions", List.of("sentiment", "language", "platform", "limit", "before"),
            "/api/v1/brands/{brand}/timeline", List.of("window", "from", "to"));

    /** A valid body per lifecycle action, so that only the part under test can make a request fail. */
    private static final Map<String, String> VALID_BODY = Map.of(
            "acknowledge", "{\"comment\":\"on it\"}",
            "assign", "{\"assignee\":\"jana\"}",
            "snooze", "{\"for\":\"1h\"}",
            "resolve", "{\"reason\":\"fixed\"}",
            "false-alarm", "{\"reason\":\"bot\"}",
            "notes", "{\"text\":\"a note\"}",
            "reopen", "{\"reason\":\"again\"}");

    /** The planned event every test starts with (declared over HTTP in {@link #start()}). */
    private static final String EVENT_ID = "fuzz-launch";
    /** Valid bodies of the brand and planned-event routes, by method and template. */
    private static final Map<String, String> VALID_ADMIN_BODY = Map.of(
            "POST /api/v1/brands", "{\"id\":\"fuzz-new\",\"name\":\"Fuzz\",\"query\":\"fuzz OR \\\"fuzz brand\\\"\","
                    + "\"hashtags\":[\"fuzz\"]}",
            "PUT /api/v1/brands/{brand}", "{\"name\":\"Acme Bahn\",\"query\":\"\\\"acme bahn\\\" OR #acmebahn\","
                    + "\"hashtags\":[\"acmebahn\"]}",
            "POST /api/v1/brands/{brand}/events", eventBody("Launch"),
            "PUT /api/v1/events/{eventId}", eventBody("Launch, moved"),
            "POST /api/v1/channels", "{\"id\":\"fuzz-new-hook\",\"type\":\"webhook\",\"urlEnv\":\"FUZZ_HOOK_URL\","
                    + "\"options\":{\"secretEnv\":\"FUZZ_HOOK_SECRET\",\"hours\":\"08:00-20:00\"}}",
            "PUT /api/v1/channels/{channel}", "{\"type\":\"webhook\",\"urlEnv\":\"FUZZ_HOOK_URL\",\"minSeverity\":"
                    + "\"critical\",\"options\":{\"secretEnv\":\"FUZZ_HOOK_SECRET\"}}");
    /** The notification channel every test starts with (created over HTTP in {@link #start()}). */
    private static final String CHANNEL_ID = "fuzz-hook";

    private static String eventBody(String title) {
        java.time.Instant start = java.time.Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        return "{\"title\":\"" + title + "\",\"start\":\"" + start + "\",\"end\":\"" + start.plus(Duration.ofHours(12))
                + "\",\"mode\":\"RAISE\",\"thresholdFactor\":3}";
    }

    private final IncidentStore store = new IncidentStore();
    private final List<IncidentEvent> published = new CopyOnWriteArrayList<>();
    private final Alert alert = Fixtures.alert("acme-bahn", "negative-spike", Severity.CRITICAL, T0, "storm");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Random random = new Random(SEED);
    private ApiServer server;
    private int port;
    private String storeBefore;
    private int cases;

    @BeforeEach
    void start() throws IOException {
        store.apply(alert);
        IncidentEventSink sink = new IncidentEventSink() {
            @Override
            public void publish(IncidentEvent event) {
                published.add(event);
            }
        };
        server = ApiServer.create(Fixtures.settings(List.of(
                        new TokenSettings("cm-dashboard", "viewer", "VIEWER_TOKEN"),
                        new TokenSettings("jana", "responder", "RESPONDER_TOKEN"),
                        new TokenSettings("ops", "admin", "ADMIN_TOKEN"),
                        new TokenSettings("ghost", "admin", "UNSET_TOKEN")), MAX_BODY),
                store, sink, (brand, window, from, to) -> List.of(), () -> true, ENV::get, Clock.systemUTC(),
                Duration.ofSeconds(15)).start();
        port = server.port();
        // One planned event to change, cancel and look at, declared the way a client would.
        Response seeded = send("POST", "/api/v1/brands/acme-bahn/events", "{\"id\":\"" + EVENT_ID + "\","
                + eventBody("Seed").substring(1), ADMIN);
        assertThat(seeded.status).as(seeded.body).isEqualTo(201);
        Response channel = send("POST", "/api/v1/channels", "{\"id\":\"" + CHANNEL_ID + "\",\"type\":\"webhook\","
                + "\"urlEnv\":\"FUZZ_HOOK_URL\",\"options\":{\"secretEnv\":\"FUZZ_HOOK_SECRET\"}}", ADMIN);
        assertThat(channel.status).as(channel.body).isEqualTo(201);
        storeBefore = snapshot();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ------------------------------------------------------------------------------------------------ the fuzz

    @Test
    void everyRouteAnswersMalformedPathsMethodsQueriesAndHeadersWithA4xxProblemAndStoresNothing() {
        List<Route> routes = server.routes();
        assertThat(routes).hasSizeGreaterThan(10);
        for (Route route : routes) {
            // Traversal and injection in every path parameter (or an extra segment after a literal path): 404/400.
            for (String inj : INJECTIONS) {
                expect4xx(route, send(route.method(), injectedPath(route, inj), bodyFor(route), ADMIN));
            }
            // Unknown and wrong methods: 405 naming the allowed ones.
            for (String m : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "FOO", "BREW", "POST", "GET")) {
                if (methodsAt(route).contains(m)) {
                    continue; // served here (e.g. GET, PUT and DELETE of /api/v1/brands/{brand})
                }
                Response r = send(m, validPath(route), "x", ADMIN);
                expect4xx(route, r);
                assertThat(r.status).as(describe(route, r)).isEqualTo(405);
            }
            // Broken percent-encoding in the query fails for every route, before any handler runs.
            // (The JDK client refuses such URIs, so these go over a raw socket; the JDK server rejects them itself.)
            for (String q : List.of("%", "%zz", "a=%G1", "limit=%", "%%%%", "x=%u0041")) {
                expect4xxOrRefused(route, Raw.send(port, (route.method() + " " + validPath(route) + "?" + q + " HTTP/1.1\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1), ADMIN, bodyFor(route)));
            }
            // Injection strings in the parameters a route validates: 400 naming the parameter.
            for (String param : route.method().equals("GET") ? VALIDATED.getOrDefault(route.template(), List.of())
                    : List.<String>of()) {
                for (String inj : INJECTIONS) {
                    Response r = send(route.method(), validPath(route) + "?" + param + "=" + enc(inj), null, ADMIN);
                    expect4xx(route, r);
                    assertThat(r.status).as(describe(route, r)).isEqualTo(400);
                }
                for (int i = 0; i < RANDOM_CASES; i++) {
                    String v = randomText(1 + random.nextInt(40));
                    Response r = send(route.method(), validPath(route) + "?" + param + "=" + enc("~" + v), null, ADMIN);
                    expect4xx(route, r);
                }
            }
            // Many and large (but legal) headers on a wrong method: the Router still answers with its problem.
            Response many = send("FOO", validPath(route), null, ADMIN, manyHeaders(120, 64));
            expect4xx(route, many);
            Response huge = send("FOO", validPath(route), null, ADMIN, manyHeaders(3, 8000));
            expect4xx(route, huge);
        }
        assertNothingStored();
    }

    @Test
    void unvalidatedQueryParametersWithInjectionStringsNeverCauseA5xxOrEchoInternals() {
        for (Route route : server.routes()) {
            if (route.template().endsWith("/stream") || !route.method().equals("GET")) {
                continue; // the stream never ends on success; POST and PUT routes are fuzzed with bodies below,
                          // and a DELETE that succeeds would change what the other checks rely on
            }
            for (String inj : INJECTIONS) {
                Response r = send(route.method(), validPath(route) + "?" + enc(inj) + "=" + enc(inj) + "&brand="
                        + enc(inj), null, ADMIN);
                cases++;
                assertThat(r.status).as(describe(route, r)).isBetween(200, 499);
                assertNoInternals(route, r);
                if (r.status >= 400) {
                    expect4xx(route, r);
                }
            }
        }
        assertNothingStored();
    }

    @Test
    void everyLifecycleRouteRejectsBadBodiesWithA4xxProblemAndStoresNothing() {
        for (Route route : server.routes()) {
            if (!hasBody(route)) {
                continue;
            }
            String path = validPath(route);
            String method = route.method();
            // Malformed JSON: truncations of the valid body, garbage, deep nesting.
            String valid = bodyFor(route);
            for (int cut = 1; cut < valid.length(); cut += 3) {
                expect4xx(route, send(method, path, valid.substring(0, cut), ADMIN, "Content-Type", "application/json"));
            }
            for (String bad : List.of("{", "}", "{\"a\":}", "[1,2", "nul", "tru", "{'text':'x'}", "{text:\"x\"}",
                    "{\"text\":\"x\",}", "{\"text\":\"x\"} trailing", "\"\\ud800\"", "{\"text\":\"\\uZZZZ\"}",
                    "[".repeat(2000) + "]".repeat(2000), "{\"a\":".repeat(1500) + "1" + "}".repeat(1500))) {
                expect4xx(route, send(method, path, bad, ADMIN, "Content-Type", "application/json"));
            }
            // Random JSON that parses but is not a valid command: wrong shape, unknown fields, wrong value types.
            for (int i = 0; i < RANDOM_CASES; i++) {
                expect4xx(route, send(method, path, randomInvalidCommand(route), ADMIN,
                        "Content-Type", "application/json"));
                expect4xx(route, sendBytes(method, path, randomBytes(1 + random.nextInt(200)), ADMIN,
                        "Content-Type", "application/json"));
            }
            // Wrong and missing content types around a body that would otherwise be accepted: 415.
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "json", "*/*", "text/json")) {
                Response r = send(method, path, valid, ADMIN, "Content-Type", type);
                expect4xx(route, r);
                assertThat(r.status).as(describe(route, r)).isEqualTo(415);
            }
            Response noType = sendBytes(method, path, valid.getBytes(StandardCharsets.UTF_8), ADMIN);
            expect4xx(route, noType);
            assertThat(noType.status).as(describe(route, noType)).isEqualTo(415);
            // Invalid UTF-8 inside a JSON string and as the whole body.
            for (byte[] bytes : List.of(invalidUtf8Body(route, new byte[] {(byte) 0xC3, 0x28}),
                    invalidUtf8Body(route, new byte[] {(byte) 0xFF, (byte) 0xFE}),
                    invalidUtf8Body(route, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                    invalidUtf8Body(route, new byte[] {(byte) 0xE2, (byte) 0x82}),
                    new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'})) {
                expect4xx(route, sendBytes(method, path, bytes, ADMIN, "Content-Type", "application/json"));
            }
            // Bodies over api.maxBodyBytes: 413, whether announced by Content-Length or streamed chunked.
            String big = "{\"text\":\"" + "x".repeat(MAX_BODY * 3) + "\"}";
            Response tooBig = send(method, path, big, ADMIN, "Content-Type", "application/json");
            expect4xx(route, tooBig);
            assertThat(tooBig.status).as(describe(route, tooBig)).isEqualTo(413);
            Response chunked = Raw.chunked(port, method, path, big.getBytes(StandardCharsets.UTF_8), ADMIN);
            expect4xx(route, chunked);
            assertThat(chunked.status).as(describe(route, chunked)).isEqualTo(413);
        }
        assertNothingStored();
    }

    @Test
    void requestsTheJdkClientRefusesGetA4xxOrAClosedConnectionNeverA5xxOrAHang() {
        for (Route route : server.routes()) {
            String path = validPath(route);
            String prefix = path.equals("/") ? "" : path;
            // Raw (unencoded) traversal and injection in the path: the Router's 404/400 problem.
            for (String raw : List.of("/../../etc/passwd", "/..%2f..%2f", "/<script>alert(1)</script>",
                    "/'%20OR%201=1", "/%00", "/;", "/%", "/" + "z".repeat(4000))) {
                Response r = Raw.send(port, (route.method() + " " + prefix + raw + " HTTP/1.1\r\n").getBytes(
                        StandardCharsets.ISO_8859_1), ADMIN, bodyFor(route));
                expect4xxOrRefused(route, r);
            }
            // "//x" makes the JDK read "x" as an authority and answer its own 404 before the Router (not ours).
            expect4xxOrRefused(route, Raw.send(port, (route.method() + " //" + path.substring(1) + " HTTP/1.1\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1), ADMIN, bodyFor(route)));
            // Methods the JDK client will not send.
            for (String m : List.of("CONNECT", "TRACE", "GET\u00e9")) {
                Response r = Raw.send(port, (m + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1),
                        ADMIN, null);
                expect4xxOrRefused(route, r);
            }
            // Broken request lines and headers the JDK itself rejects before the Router: 4xx or a closed
            // connection, never a 5xx, a hang or internals.
            for (String line : List.of("GARBAGE\r\n", route.method() + " " + path + "\r\n",
                    " " + path + " HTTP/1.1\r\n", route.method() + "  HTTP/1.1\r\n", "\u0000\r\n",
                    route.method() + " " + path + "?" + "q".repeat(70_000) + " HTTP/1.1\r\n")) {
                expect4xxOrRefused(route, Raw.send(port, line.getBytes(StandardCharsets.ISO_8859_1), ADMIN, null));
            }
            // The JDK tolerates an unknown version or an extra token after it and serves the request normally:
            // not our bug to fix, but it must not break anything either. (GET only: a tolerated POST would store.)
            if (route.method().equals("GET") && !route.template().endsWith("/stream")) {
                for (String line : List.of(route.method() + " " + path + " HTTP/9.9\r\n",
                        route.method() + " " + path + " HTTP/1.1 extra\r\n")) {
                    Response r = Raw.send(port, line.getBytes(StandardCharsets.ISO_8859_1), ADMIN, bodyFor(route));
                    cases++;
                    assertThat(r.status).as(describe(route, r)).isNotEqualTo(Raw.CLOSED).isBetween(200, 499);
                    assertNoStackTrace(route, r);
                }
            }
            // Header bytes the JDK client refuses (invalid UTF-8, controls, a line without colon), 1 MiB of one
            // header, 2,000 headers: the JDK rejects them (4xx or closed) or passes them on, and then the Router
            // answers the unknown method FOO with its 405 problem. Never a 5xx or a hang.
            byte[] foo = ("FOO " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1);
            expect4xxOrRefused(route, Raw.sendWithHeaderBlock(port, foo,
                    "Authorization: " + ADMIN + "\r\nX-Bad: \u00c3(\u0000\u0001\u00ff\u0080\r\n"));
            expect4xxOrRefused(route, Raw.sendWithHeaderBlock(port, foo,
                    "Authorization: " + ADMIN + "\r\nNoColonHeader\r\n"));
            expect4xxOrRefused(route, Raw.sendWithHeaderBlock(port, foo, "X-Huge: " + "h".repeat(1 << 20) + "\r\n"));
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                many.append("X-Many-").append(i).append(": ").append(i).append("\r\n");
            }
            expect4xxOrRefused(route, Raw.sendWithHeaderBlock(port, foo, many.toString()));
        }
        // The server still serves normal requests after all that.
        assertThat(send("GET", "/health/live", null, null).status).isEqualTo(200);
        assertNothingStored();
    }

    // ------------------------------------------------------------------------------------------------ auth bypass

    @Test
    void authBypassAttemptsOnEveryProtectedRouteAre401Or403() {
        List<Route> protectedRoutes = server.routes().stream().filter(r -> r.role() != null).toList();
        assertThat(protectedRoutes).isNotEmpty();
        for (Route route : protectedRoutes) {
            String path = validPath(route);
            String body = bodyFor(route);
            List<String[]> attempts = List.of(
                    new String[0],
                    new String[] {"Authorization", "Bearer"},
                    new String[] {"Authorization", "Bearer "},
                    new String[] {"Authorization", "Bearer \"\""},
                    new String[] {"Authorization", "Basic " + b64("ops:a-secret-3")},
                    new String[] {"Authorization", "Basic a-secret-3"},
                    new String[] {"Authorization", "Token a-secret-3"},
                    new String[] {"Authorization", "a-secret-3"},
                    new String[] {"Authorization", "BearerA-secret-3"},
                    new String[] {"Authorization", "Bearer a-secret-3x"},
                    new String[] {"Authorization", "Bearer xa-secret-3"},
                    new String[] {"Authorization", "Bearer a-secret-"},
                    new String[] {"Authorization", "Bearer A-SECRET-3"},
                    new String[] {"Authorization", "Bearer a-secret-3 a-secret-3"},
                    new String[] {"Authorization", "Bearer a-secret-3\tjunk"},
                    new String[] {"Authorization", "Bearer " + b64("a-secret-3")},
                    new String[] {"Authorization", "Bearer %61-secret-3"},
                    new String[] {"Authorization", "Bearer ghost"},
                    new String[] {"Authorization", "Bearer UNSET_TOKEN"},
                    new String[] {"Authorization", "Bearer " + "a".repeat(5000)},
                    // The first header counts: a wrong one cannot be "repaired" by a second, valid one.
                    new String[] {"Authorization", "Bearer wrong", "Authorization", ADMIN},
                    new String[] {"X-Authorization", ADMIN},
                    new String[] {"Cookie", "access_token=a-secret-3"});
            for (String[] headers : attempts) {
                Response r = send(route.method(), path, body, null, withJson(route, headers));
                expectDenied(route, r, Set.of(401));
            }
            // A token in the URL is only accepted by the stream (EventSource cannot send headers).
            if (!route.template().endsWith("/stream")) {
                for (String q : List.of("access_token=a-secret-3", "token=a-secret-3", "authorization=" + enc(ADMIN))) {
                    expectDenied(route, send(route.method(), path + "?" + q, body, null, withJson(route)), Set.of(401));
                }
            }
            // Also on the stream, a wrong header is not overridden by a valid query token, and a wrong query token
            // with a trailing newline or space is still wrong.
            for (String q : List.of("access_token=wrong", "access_token=a-secret-3%0Ax", "access_token=%0A",
                    "access_token=a-secret-3%00")) {
                expectDenied(route, send(route.method(), path + "?" + q, body, null, withJson(route)), Set.of(401));
            }
            expectDenied(route, send(route.method(), path + "?access_token=a-secret-3", body, null,
                    withJson(route, "Authorization", "Bearer wrong")), Set.of(401));
            // A valid token of a role that is too low: 403 naming the role.
            if (route.role() != io.monitor.api.auth.Role.VIEWER) {
                Response r = send(route.method(), path, body, "Bearer v-secret-1", withJson(route));
                expectDenied(route, r, Set.of(403));
                assertThat(r.json().get("detail").asText()).contains(route.role().id());
            }
            // Raw-socket variants the JDK client refuses: a control character inside the token, an obs-fold
            // continuation, a space before the colon. (A NUL or space AFTER a valid token is not tested as a
            // bypass: the JDK server strips trailing whitespace and controls from header values before any
            // handler sees them, and RFC 9110 section 5.5 says trailing whitespace is not part of the value.)
            for (String h : List.of("Authorization: Bearer a-secret-3x\u0000\r\n", "Authorization: Bearer\r\n"
                    + " a-secret-3x\r\n", "Authorization: Bearer a-\u0001secret-3\r\n",
                    "Authorization : Bearer a-secret-3x\r\n")) {
                Response r = Raw.sendWithHeaderBlock(port,
                        (route.method() + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1), h);
                expect4xxOrRefused(route, r);
                assertThat(r.status).as(describe(route, r)).isNotEqualTo(200);
            }
        }
        assertNothingStored();
    }

    /** The bugs this fuzz found, each kept as a named case (the fuzz above covers them too). */
    @Test
    void regressionsFoundByTheFuzz() throws Exception {
        String notes = "/api/v1/incidents/" + alert.fingerprint() + "/notes";
        // 1. Trailing content after the JSON value was ignored and the command stored.
        Response trailing = send("POST", notes, "{\"text\":\"x\"} trailing", ADMIN);
        assertThat(trailing.status).as(trailing.body).isEqualTo(400);
        // 2. Non-UTF-8 bodies were parsed by guessing UTF-16 from the first bytes and stored.
        Response utf16 = sendBytes("POST", "/api/v1/incidents/" + alert.fingerprint() + "/acknowledge",
                new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'}, ADMIN, "Content-Type", "application/json");
        assertThat(utf16.status).as(utf16.body).isEqualTo(400);
        assertThat(utf16.json().get("detail").asText()).contains("UTF-8");
        // 3. A query token with a control character was trim()med into the valid token and let in.
        Response nul = send("GET", "/api/v1/incidents/stream?access_token=a-secret-3%00", null, null);
        assertThat(nul.status).as(nul.body).isEqualTo(401);
        // 4. A filter value of control characters was trim()med to nothing and silently dropped.
        Response dropped = send("GET", "/api/v1/brands/acme-bahn/mentions?sentiment=%00", null, ADMIN);
        assertThat(dropped.status).as(dropped.body).isEqualTo(400);
        assertThat(dropped.json().get("param").asText()).isEqualTo("sentiment");
        // 5. Request URIs of any length were served (the JDK server sets no limit).
        Response longUri = send("GET", "/health/live?q=" + "q".repeat(io.monitor.api.http.Router.MAX_URI_CHARS), null,
                null);
        assertThat(longUri.status).as(longUri.body).isEqualTo(414);
        assertThat(longUri.header("Content-Type")).isEqualTo("application/problem+json");
        assertNothingStored();
    }

    /** Positive control: the exact requests the bypass test denies succeed with a valid token of the right role. */
    @Test
    void theSameRequestsWithAValidTokenSucceedSoTheDenialsAboveAreAboutTheToken() {
        int lifecycle = 0;
        // Deletions last, so that every other route still finds its brand and event.
        List<Route> routes = new ArrayList<>(server.routes());
        routes.sort(java.util.Comparator.comparing(r -> r.method().equals("DELETE")));
        for (Route route : routes) {
            if (route.role() == null || route.template().endsWith("/stream")) {
                continue;
            }
            String token = route.role() == io.monitor.api.auth.Role.ADMIN ? ADMIN : "Bearer r-secret-2";
            Response r = send(route.method(), validPath(route), bodyFor(route), token, withJson(route));
            assertThat(r.status).as(describe(route, r)).isBetween(200, 299);
            lifecycle += route.template().startsWith("/api/v1/incidents/") && route.method().equals("POST") ? 1 : 0;
        }
        assertThat(published).hasSize(lifecycle);
        assertThat(server.brands().catalog().get("fuzz-new")).isPresent();
        assertThat(server.brands().catalog().get("fizzcola")).isEmpty();
        assertThat(server.brands().events().get(EVENT_ID).orElseThrow().cancelled()).isTrue();
        assertThat(server.channels().catalog().get("fuzz-new-hook")).isPresent();
        assertThat(server.channels().catalog().get(CHANNEL_ID)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ assertions

    private void expect4xx(Route route, Response r) {
        cases++;
        assertThat(r.status).as(describe(route, r)).isBetween(400, 499);
        assertThat(r.header("Content-Type")).as(describe(route, r)).isEqualTo("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).as(describe(route, r)).isEqualTo(r.status);
        assertThat(p.path("detail").asText()).as(describe(route, r)).isNotBlank();
        assertNoInternals(route, r);
    }

    private void expectDenied(Route route, Response r, Set<Integer> statuses) {
        expect4xx(route, r);
        assertThat(r.status).as(describe(route, r)).isIn(statuses);
        assertThat(r.body).as(describe(route, r)).doesNotContain("a-secret-3").doesNotContain("v-secret-1");
    }

    /** For what the JDK server rejects itself: a 4xx (its own plain answer) or no answer at all (closed). */
    private void expect4xxOrRefused(Route route, Response r) {
        cases++;
        if (r.status == Raw.CLOSED) {
            return;
        }
        assertThat(r.status).as(describe(route, r)).isBetween(400, 499);
        if ("application/problem+json".equals(r.header("Content-Type"))) {
            assertThat(r.json().path("detail").asText()).as(describe(route, r)).isNotBlank();
            assertNoInternals(route, r);
        } else {
            assertNoStackTrace(route, r);
        }
    }

    /**
     * The JDK server's own rejections (before the Router) are a bare HTML line such as "URISyntaxException thrown":
     * a class name but no stack and nothing of ours. Everything the Router answers gets the full check.
     */
    private void assertNoStackTrace(Route route, Response r) {
        assertThat(r.body).as(describe(route, r)).doesNotContain("at io.monitor").doesNotContain("\tat ")
                .doesNotContain("io.monitor.").doesNotContain("com.fasterxml");
    }

    private void assertNoInternals(Route route, Response r) {
        assertThat(r.body).as(describe(route, r)).doesNotContain("Exception").doesNotContain("at io.monitor")
                .doesNotContain("\tat ").doesNotContain("com.fasterxml").doesNotContain("java.");
    }

    private void assertNothingStored() {
        assertThat(published).as("events reached the sink (seed %d)", SEED).isEmpty();
        assertThat(snapshot()).as("incident store, brands, planned events or channels changed (seed %d)", SEED)
                .isEqualTo(storeBefore);
        if (cases > 0) {
            System.out.printf("ApiFuzzTest: %d cases, seed %d%n", cases, SEED);
        }
    }

    private String snapshot() {
        try {
            return store.size() + " " + Json.MAPPER.writeValueAsString(store.get(alert.fingerprint()).orElseThrow())
                    + " " + Json.MAPPER.writeValueAsString(server.brands().catalog().list()) + " "
                    + Json.MAPPER.writeValueAsString(server.brands().events().list(null, Set.of(), true,
                    java.time.Instant.EPOCH)) + " " + Json.MAPPER.writeValueAsString(server.channels().catalog().list());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String describe(Route route, Response r) {
        String body = r.body.length() > 300 ? r.body.substring(0, 300) + "..." : r.body;
        return route.method() + " " + route.template() + " <- " + r.request + " -> " + r.status + " " + body
                + " (seed " + SEED + ")";
    }

    // ------------------------------------------------------------------------------------------------ inputs

    private String validPath(Route route) {
        // A deleted brand would be gone for the routes after it: DELETE takes the other one.
        String brand = route.method().equals("DELETE") ? "fizzcola" : "acme-bahn";
        return route.template().replace("{fingerprint}", alert.fingerprint()).replace("{brand}", brand)
                .replace("{file}", "dashboard.js").replace("{eventId}", EVENT_ID)
                .replace("{channel}", CHANNEL_ID);
    }

    /** The methods served at this route's template. */
    private Set<String> methodsAt(Route route) {
        Set<String> out = new java.util.HashSet<>();
        for (Route r : server.routes()) {
            if (r.template().equals(route.template())) {
                out.add(r.method());
            }
        }
        return out;
    }

    private static boolean hasBody(Route route) {
        return route.method().equals("POST") || route.method().equals("PUT");
    }

    private String injectedPath(Route route, String inj) {
        String t = route.template();
        if (!t.contains("{")) {
            return (t.equals("/") ? "" : t) + "/" + enc(inj);
        }
        return t.replaceAll("\\{[a-zA-Z]+}", java.util.regex.Matcher.quoteReplacement(enc(inj)));
    }

    private static String bodyFor(Route route) {
        if (!hasBody(route)) {
            return null;
        }
        String admin = VALID_ADMIN_BODY.get(route.method() + " " + route.template());
        if (admin != null) {
            return admin;
        }
        return VALID_BODY.get(route.template().substring(route.template().lastIndexOf('/') + 1));
    }

    private static String[] withJson(Route route, String... headers) {
        if (!hasBody(route)) {
            return headers;
        }
        String[] out = java.util.Arrays.copyOf(headers, headers.length + 2);
        out[headers.length] = "Content-Type";
        out[headers.length + 1] = "application/json";
        return out;
    }

    private String randomInvalidCommand(Route route) {
        String action = route.template().substring(route.template().lastIndexOf('/') + 1);
        if (VALID_ADMIN_BODY.containsKey(route.method() + " " + route.template())) {
            // Brand and event bodies: the wrong shapes below, on the field each requires, with the rest left out.
            action = route.template().contains("event") ? "title"
                    : route.template().contains("channel") ? "urlEnv" : "query";
        }
        String known = switch (action) {
            case "title", "query", "urlEnv" -> action;
            case "acknowledge" -> "comment";
            case "assign" -> "assignee";
            case "snooze" -> "for";
            case "notes" -> "text";
            default -> "reason";
        };
        return switch (random.nextInt(5)) {
            case 0 -> randomJsonValue(3, true); // not an object
            case 1 -> "{\"x" + randomWord() + "\":" + randomJsonValue(2, false) + "}"; // unknown field
            case 2 -> "{\"" + known + "\":" + randomNonString() + "}"; // wrong type
            case 3 -> "{\"" + known + "\":\"" + " ".repeat(1 + random.nextInt(5)) + "\"}"; // blank
            default -> "{\"" + known + "\":\"" + "y".repeat(4001) + "\"}"; // too long
        };
    }

    private String randomJsonValue(int depth, boolean notObject) {
        int kind = random.nextInt(depth <= 0 ? 4 : (notObject ? 5 : 6));
        switch (kind) {
            case 0: return Integer.toString(random.nextInt());
            case 1: return random.nextBoolean() ? "true" : "false";
            case 2: return Json.MAPPER.valueToTree(randomText(random.nextInt(20))).toString();
            case 3: return Double.toString(random.nextDouble() * 1e6);
            case 4: {
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(randomJsonValue(depth - 1, false));
                }
                return "[" + String.join(",", items) + "]";
            }
            default: {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    m.put("x" + randomWord(), randomJsonValue(depth - 1, false));
                }
                List<String> parts = new ArrayList<>();
                m.forEach((k, v) -> parts.add("\"" + k + "\":" + v));
                return "{" + String.join(",", parts) + "}";
            }
        }
    }

    private String randomNonString() {
        return switch (random.nextInt(5)) {
            case 0 -> Integer.toString(random.nextInt());
            case 1 -> "true";
            case 2 -> "[\"a\"]";
            case 3 -> "{\"a\":\"b\"}";
            default -> "1.5e300";
        };
    }

    private String randomWord() {
        StringBuilder b = new StringBuilder();
        for (int i = 1 + random.nextInt(10); i > 0; i--) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    /** Random text from ASCII punctuation, controls, non-Latin letters and astral characters. */
    private String randomText(int length) {
        String pool = "<>'\";%&=?/\\#{}[]()$`|*~ \t\r\n\u0000\u0001\u007f\u00e9\u00df\u20ac\u4e2d\u202e\ud83d\ude00aZ09";
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            int i = random.nextInt(pool.length());
            char c = pool.charAt(i);
            if (Character.isHighSurrogate(c)) {
                b.append(c).append(pool.charAt(i + 1));
            } else if (!Character.isLowSurrogate(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        b[0] = (byte) (0x80 | b[0]); // never starts a valid JSON value, so this cannot parse by chance
        return b;
    }

    private static byte[] invalidUtf8Body(Route route, byte[] bad) {
        String valid = bodyFor(route);
        int quote = valid.lastIndexOf('"'); // inside the last string value
        return concat(valid.substring(0, quote).getBytes(StandardCharsets.UTF_8), bad,
                valid.substring(quote).getBytes(StandardCharsets.UTF_8));
    }

    private String[] manyHeaders(int count, int valueLength) {
        String[] out = new String[count * 2];
        for (int i = 0; i < count; i++) {
            out[2 * i] = "X-Fuzz-" + i;
            StringBuilder v = new StringBuilder();
            while (v.length() < valueLength) {
                v.append((char) ('!' + random.nextInt(94)));
            }
            out[2 * i + 1] = v.toString();
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------------------------------------ transport

    record Response(String request, int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private Response send(String method, String path, String body, String authorization, String... headers) {
        return sendBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), authorization,
                headers.length == 0 && body != null && (method.equals("POST") || method.equals("PUT"))
                        ? new String[] {"Content-Type", "application/json"} : headers);
    }

    private Response sendBytes(String method, String path, byte[] body, String authorization, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        String label = method + " " + abbreviate(path) + (body == null ? "" : " body[" + body.length + "]");
        // The request timeout only covers the response headers; a whole-exchange bound catches a body that never
        // ends (an event stream opened by mistake) as a failure instead of a hang.
        java.util.concurrent.CompletableFuture<HttpResponse<String>> f =
                client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> r = f.get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return new Response(label, r.statusCode(), r.headers().map(), r.body());
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("no complete answer within " + TIMEOUT + " to " + label + " (seed " + SEED + ")");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("no answer (" + e.getCause() + ") to " + label + " (seed " + SEED + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** HTTP/1.1 by hand, for what the JDK client refuses to send. Reads until the server closes or times out. */
    static final class Raw {
        static final int CLOSED = -1;

        static Response send(int port, byte[] requestLine, String authorization, String body) {
            StringBuilder h = new StringBuilder();
            if (authorization != null) {
                h.append("Authorization: ").append(authorization).append("\r\n");
            }
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                h.append("Content-Type: application/json\r\nContent-Length: ").append(b.length).append("\r\n");
            }
            return exchange(port, concat(requestLine, host(port), h.toString().getBytes(StandardCharsets.UTF_8),
                    "Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), b));
        }

        static Response sendWithHeaderBlock(int port, byte[] start, String headers) {
            return exchange(port, concat(start, host(port), headers.getBytes(StandardCharsets.ISO_8859_1),
                    "Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        }

        static Response chunked(int port, String method, String path, byte[] body, String authorization) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(host(port));
            out.writeBytes(("Authorization: " + authorization + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (int off = 0; off < body.length; off += 1000) {
                int n = Math.min(1000, body.length - off);
                out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, off, n);
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return exchange(port, out.toByteArray());
        }

        private static byte[] host(int port) {
            return ("Host: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }

        private static Response exchange(int port, byte[] request) {
            String first = new String(request, 0, Math.min(request.length, 100), StandardCharsets.ISO_8859_1);
            String label = "raw[" + request.length + " bytes] " + first.split("\r\n", 2)[0];
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
                s.setSoTimeout((int) TIMEOUT.toMillis());
                OutputStream out = s.getOutputStream();
                try {
                    out.write(request);
                    out.flush();
                } catch (IOException e) {
                    // The server may answer and close before reading everything (huge headers): read what came.
                }
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        got.write(buf, 0, n);
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the server hung on " + label + " (seed " + SEED + "); got so far: "
                            + got.toString(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // reset after the answer: keep what was read
                }
                return parse(label, got.toString(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                return new Response(label, CLOSED, Map.of(), "");
            }
        }

        private static Response parse(String label, String raw) {
            if (raw.isEmpty()) {
                return new Response(label, CLOSED, Map.of(), "");
            }
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            String body = end < 0 ? "" : raw.substring(end + 4);
            String[] lines = head.split("\r\n");
            String[] status = lines[0].split(" ", 3);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                if (c > 0) {
                    headers.computeIfAbsent(lines[i].substring(0, c).trim(), k -> new ArrayList<>())
                            .add(lines[i].substring(c + 1).trim());
                }
            }
            if (headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Transfer-Encoding"))) {
                body = dechunk(body);
            }
            byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
            return new Response(label, Integer.parseInt(status[1]), headers, new String(bytes, StandardCharsets.UTF_8));
        }

        private static String dechunk(String body) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < body.length()) {
                int nl = body.indexOf("\r\n", i);
                if (nl < 0) {
                    break;
                }
                int n = Integer.parseInt(body.substring(i, nl).trim(), 16);
                if (n == 0) {
                    break;
                }
                out.append(body, nl + 2, Math.min(body.length(), nl + 2 + n));
                i = nl + 2 + n + 2;
            }
            return out.toString();
        }
    }
}
