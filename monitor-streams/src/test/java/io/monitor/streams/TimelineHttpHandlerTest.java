package io.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelineQuery;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.monitor.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The instance-to-instance timeline endpoint over real HTTP: answers, and clear problem JSON for bad requests. */
class TimelineHttpHandlerTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile boolean storeAvailable = true;

    @BeforeEach
    void start() throws Exception {
        TimelineQuery local = new TimelineQuery() {

            @Override
            public List<TimelinePoint> timeline(String brand, Duration window, Instant from, Instant to) {
                if (!storeAvailable) {
                    throw new IllegalStateException("the timeline store cannot be queried right now (streams state REBALANCING)");
                }
                return List.of(new TimelinePoint(brand, from, from.plus(window), 3, 1, 1, 1, -0.1, 2, 1500, 7,
                        List.of(new TimelinePoint.Count("weiche", 2)), List.of(new TimelinePoint.Count("stellwerk", 1)),
                        List.of(new TimelinePoint.Author("anna", "bluesky", 2, 1000))));
            }
        };
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext(TimelineHttpHandler.PATH, new TimelineHttpHandler(local));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> get(String query) throws Exception {
        URI uri = URI.create("http://localhost:" + server.getAddress().getPort() + TimelineHttpHandler.PATH + query);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersTheLocalTimelineAsJson() throws Exception {
        HttpResponse<String> r = get("?brand=nord%20bahn&from=" + T0 + "&to=" + T0.plusSeconds(120));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).contains("\"brand\":\"nord bahn\"", "\"volume\":3", "2026-11-27T08:00:00Z");
    }

    @Test
    void theWindowTravelsAsAParameterAndEveryFieldOfThePointComesBack() throws Exception {
        for (String window : List.of("5m", "1h", "PT5M")) {
            HttpResponse<String> r = get("?brand=nordbahn&window=" + window + "&from=" + T0 + "&to=" + T0.plusSeconds(7200));
            assertThat(r.statusCode()).isEqualTo(200);
            List<TimelinePoint> points = Json.MAPPER.readValue(r.body(),
                    new com.fasterxml.jackson.core.type.TypeReference<List<TimelinePoint>>() {
                    });
            Duration size = io.monitor.core.json.Durations.parse(window);
            assertThat(points).containsExactly(new TimelinePoint("nordbahn", T0, T0.plus(size), 3, 1, 1, 1, -0.1, 2, 1500, 7,
                    List.of(new TimelinePoint.Count("weiche", 2)), List.of(new TimelinePoint.Count("stellwerk", 1)),
                    List.of(new TimelinePoint.Author("anna", "bluesky", 2, 1000))));
        }
        // the JSON shape other instances (and people debugging) see
        HttpResponse<String> r = get("?brand=nordbahn&window=5m&from=" + T0 + "&to=" + T0.plusSeconds(300));
        assertThat(r.body()).isEqualTo("[{\"brand\":\"nordbahn\",\"windowStart\":\"2026-11-27T08:00:00Z\","
                + "\"windowEnd\":\"2026-11-27T08:05:00Z\",\"volume\":3,\"negative\":1,\"neutral\":1,\"positive\":1,"
                + "\"meanSentiment\":-0.1,\"uniqueAuthors\":2,\"reach\":1500,\"engagement\":7,"
                + "\"topTerms\":[{\"value\":\"weiche\",\"count\":2}],\"topHashtags\":[{\"value\":\"stellwerk\",\"count\":1}],"
                + "\"topAuthors\":[{\"author\":\"anna\",\"platform\":\"bluesky\",\"mentions\":2,\"followers\":1000}]}]");
        // a request of an earlier version (no window) means 1 minute
        HttpResponse<String> old = get("?brand=nordbahn&from=" + T0 + "&to=" + T0.plusSeconds(60));
        assertThat(old.body()).contains("\"windowEnd\":\"2026-11-27T08:01:00Z\"");
    }

    @Test
    void anUnknownWindowIsA400NamingTheAllowedOnes() throws Exception {
        for (String window : List.of("2m", "week", "")) {
            HttpResponse<String> r = get("?brand=nordbahn&window=" + window + "&from=" + T0 + "&to=" + T0.plusSeconds(60));
            assertThat(r.statusCode()).as(window).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.body()).contains("window must be one of 1m, 5m, 1h");
        }
    }

    @Test
    void aMissingBrandOrABadInstantIsA400ProblemSayingWhatToFix() throws Exception {
        HttpResponse<String> noBrand = get("?from=" + T0 + "&to=" + T0);
        assertThat(noBrand.statusCode()).isEqualTo(400);
        assertThat(noBrand.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(noBrand.body()).contains("brand is required");
        HttpResponse<String> badTime = get("?brand=x&from=yesterday&to=" + T0);
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("ISO-8601");
    }

    @Test
    void aStoreThatCannotBeQueriedIsA503AndOtherMethodsA405() throws Exception {
        storeAvailable = false;
        HttpResponse<String> r = get("?brand=x&from=" + T0 + "&to=" + T0.plusSeconds(60));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("REBALANCING");
        URI uri = URI.create("http://localhost:" + server.getAddress().getPort() + TimelineHttpHandler.PATH);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }
}
