package io.monitor.api.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * Sends one JSON notification to a generic webhook, signed with {@link WebhookSigner}, and sorts the answer into
 * {@link Outcome}s: 2xx delivered; timeouts, connection errors, 408, 425, 429 and 5xx worth retrying; any other
 * status rejected for good (retrying a 400 or 404 will not help: the log says what the receiver answered).
 */
public final class WebhookChannel {
    public enum Outcome { DELIVERED, RETRY, REJECTED }

    /** What happened to one attempt; {@code detail} is safe to log (no URL, no secret). */
    public record Attempt(Outcome outcome, String detail) {
    }

    public static final String DELIVERY_HEADER = "X-Monitor-Delivery";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String id;
    private final URI url;
    private final WebhookSigner signer;
    private final HttpClient client;
    private final Clock clock;

    public WebhookChannel(String id, URI url, WebhookSigner signer, Clock clock) {
        this.id = id;
        this.url = url;
        this.signer = signer;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String id() {
        return id;
    }

    /** One delivery attempt; {@code deliveryId} stays the same across retries so receivers can de-duplicate. */
    public Attempt send(String deliveryId, byte[] body) {
        long ts = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "monitor-webhook/1")
                .header(DELIVERY_HEADER, deliveryId)
                .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(ts))
                .header(WebhookSigner.SIGNATURE_HEADER, signer.sign(ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return new Attempt(Outcome.DELIVERED, "HTTP " + status);
            }
            boolean retry = status >= 500 || status == 408 || status == 425 || status == 429;
            return new Attempt(retry ? Outcome.RETRY : Outcome.REJECTED, "HTTP " + status);
        } catch (IOException e) {
            return new Attempt(Outcome.RETRY, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(Outcome.RETRY, "interrupted");
        }
    }
}
