package io.monitor.api.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs a JSON body and sorts the answer into {@link Attempt}s: 2xx delivered; timeouts, connection errors, 408,
 * 425, 429 and 5xx retry; any other status rejected, with the start of the receiver's answer (Slack and PagerDuty say
 * what was wrong there). No redirects are followed.
 */
final class HttpPoster {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_DETAIL = 200;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    Attempt post(URI url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "monitor-notify/1");
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = client.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            int status = r.statusCode();
            if (status >= 200 && status < 300) {
                return Attempt.delivered("HTTP " + status);
            }
            String answer = new String(r.body(), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            String detail = "HTTP " + status + (answer.isEmpty() ? "" : ": "
                    + (answer.length() > MAX_DETAIL ? answer.substring(0, MAX_DETAIL) + "..." : answer));
            boolean retry = status >= 500 || status == 408 || status == 425 || status == 429;
            return retry ? Attempt.retry(detail) : Attempt.rejected(detail);
        } catch (IOException e) {
            return Attempt.retry(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.retry("interrupted");
        }
    }
}
