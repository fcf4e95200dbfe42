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
        TimelineQuery local = (brand, from, to) -> {
            if (!storeAvailable) {
                throw new IllegalStateException("the timeline store cannot be queried right now (streams state REBALANCING)");
            }
            return List.of(new TimelinePoint(brand, from, from.plusSeconds(60), 3, 1, 1, 1, -0.1));
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
