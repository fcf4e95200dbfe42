package io.monitor.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.testing.ReplayServer;
import java.net.http.HttpClient;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class HttpFetcherTest {
    static final Instant NOW = Instant.parse("2022-10-07T22:00:00Z");

    static HttpHeaders headers(String... kv) {
        Map<String, List<String>> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], List.of(kv[i + 1]));
        }
        return HttpHeaders.of(m, (a, b) -> true);
    }

    @Test
    void retryAfterInSecondsOrAsHttpDate() {
        assertThat(HttpFetcher.retryAfter(headers("Retry-After", "120"), NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(HttpFetcher.retryAfter(headers("Retry-After", "Fri, 07 Oct 2022 22:00:30 GMT"), NOW))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rateLimitResetAsEpochSecondSecondsFromNowOrIsoInstant() {
        // X's real header from the recorded recent-search cassette: x-rate-limit-reset: 1665183229
        assertThat(HttpFetcher.retryAfter(headers("x-rate-limit-reset", "1665183229"), Instant.ofEpochSecond(1665183000)))
                .isEqualTo(Duration.ofSeconds(229));
        assertThat(HttpFetcher.resetIn("59.0", NOW)).isEqualTo(Duration.ofSeconds(59)); // Reddit
        assertThat(HttpFetcher.resetIn("2022-10-07T22:05:00.000Z", NOW)).isEqualTo(Duration.ofMinutes(5)); // Mastodon
        assertThat(HttpFetcher.resetIn("2022-10-07T21:00:00Z", NOW)).isZero();
        assertThat(HttpFetcher.resetIn("soon", NOW)).isNull();
        assertThat(HttpFetcher.retryAfter(headers(), NOW)).isNull();
    }

    @Test
    void secretsInQueriesAreRedactedFromLogs() {
        assertThat(HttpFetcher.redact(URI.create("https://x.test/v?part=snippet&key=SECRET&q=a")))
                .isEqualTo("https://x.test/v?part=snippet&key=***&q=a");
    }

    @Test
    void givenAServerThatSendsHeadersThenStallsMidBody_whenFetching_thenARetryableTimeoutEndsTheWaitAndTheNextFetchWorks()
            throws Exception {
        try (ReplayServer server = new ReplayServer(uri -> ReplayServer.Reply.json("{\"hits\":[]}"))) {
            server.fault(new ReplayServer.Stall(Duration.ofSeconds(20)));
            HttpFetcher fetcher = new HttpFetcher(HttpClient.newHttpClient(), Clock.systemUTC(), Duration.ofMillis(700));
            URI uri = URI.create(server.baseUrl() + "/search");
            long t0 = System.nanoTime();
            FetchException e = org.junit.jupiter.api.Assertions.assertThrows(FetchException.class,
                    () -> fetcher.get(uri, Map.of()));
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(e.retryable()).isTrue();
            assertThat(e.kind()).isEqualTo("timeout");
            assertThat(e.getMessage()).contains("stalled");
            // the JDK client's own timeout would have waited for the 20 s stall to end
            assertThat(waitedMs).as("ms waited on a stalled body").isLessThan(10_000);
            assertThat(fetcher.get(uri, Map.of()).body()).isEqualTo("{\"hits\":[]}");
        }
    }
}
