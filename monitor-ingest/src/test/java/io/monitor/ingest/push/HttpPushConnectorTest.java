package io.monitor.ingest.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.json.Json;
import io.monitor.ingest.ConnectorRunner;
import io.monitor.ingest.RetryPolicy;
import io.monitor.ingest.Sleeper;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import io.monitor.ingest.testing.InMemoryCursorStore;
import io.monitor.ingest.testing.InMemorySink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpPushConnectorTest {
    static final String TOKEN = "push-token-0123456789";
    final HttpClient client = HttpClient.newHttpClient();
    final InMemorySink sink = new InMemorySink();
    HttpPushConnector push;
    Thread runner;

    @BeforeEach
    void start() {
        SourceSettings s = new SourceSettings("tool", "push", true, null, null, "PUSH_TOKEN", List.of(),
                Map.of("port", 0, "bind", "127.0.0.1"));
        push = new HttpPushConnector(new SourceContext("ingest.sources[7]", s, List.of(), Clock.systemUTC(),
                new HttpFetcher(Clock.systemUTC())), Map.of("PUSH_TOKEN", TOKEN)::get);
        runner = new Thread(new ConnectorRunner(push, sink, new InMemoryCursorStore(), RetryPolicy.DEFAULT,
                Clock.systemUTC(), Sleeper.SYSTEM, new SimpleMeterRegistry()));
        runner.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        runner.interrupt();
        runner.join(3000);
        push.close();
    }

    HttpResponse<String> post(String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + push.port() + "/ingest/mentions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void validMentionsAreStoredAndCounted() throws Exception {
        HttpResponse<String> r = post("""
                [{"platform":"forum","id":"f-1","text":"Nordbahn schon wieder zu spät","createdAt":"2026-03-02T08:41:00Z",
                  "author":{"handle":"pendler42","followers":12}, "matchedBrands":["should-be-ignored"]},
                 {"schemaVersion":1,"platform":"forum","id":"f-2","text":"ok","createdAt":"2026-03-02T08:42:00Z"}]""", TOKEN);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"accepted\":2}");
        assertThat(sink.ids()).containsExactly("f-1", "f-2");
        assertThat(sink.mentions.get(0).author().handle()).isEqualTo("pendler42");
        assertThat(sink.mentions.get(0).matchedBrands()).isEmpty();
        assertThat(sink.mentions.get(0).key()).isEqualTo("forum:f-1");
    }

    @Test
    void oneBadRecordRejectsTheRequestWithAProblemListingEveryError() throws Exception {
        HttpResponse<String> r = post("""
                [{"platform":"forum","id":"ok","text":"fine","createdAt":"2026-03-02T08:41:00Z"},
                 {"platform":"forum","text":"no id","createdAt":"2026-03-02T08:41:00Z"},
                 {"platform":"forum","id":"x","text":"bad date","createdAt":"yesterday"},
                 {"schemaVersion":7,"platform":"forum","id":"y","createdAt":"2026-03-02T08:41:00Z"}]""", TOKEN);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = Json.MAPPER.readTree(r.body());
        assertThat(p.path("detail").asText()).isEqualTo("3 of 4 records are invalid; nothing was stored");
        assertThat(p.path("errors")).extracting(e -> e.path("index").asInt()).containsExactly(1, 2, 3);
        assertThat(p.path("errors").get(0).path("problem").asText()).contains("id is required");
        assertThat(p.path("errors").get(2).path("problem").asText()).contains("schemaVersion 7");
        Thread.sleep(300);
        assertThat(sink.mentions).isEmpty();
    }

    @Test
    void aMissingOrWrongTokenIs401_andNotJsonIs400() throws Exception {
        String one = "{\"platform\":\"forum\",\"id\":\"1\",\"createdAt\":\"2026-03-02T08:41:00Z\"}";
        assertThat(post(one, null).statusCode()).isEqualTo(401);
        assertThat(post(one, "push-token-0123456788").statusCode()).isEqualTo(401);
        HttpResponse<String> garbage = post("{nope", TOKEN);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("not JSON");
        assertThat(sink.mentions).isEmpty();
    }
}
