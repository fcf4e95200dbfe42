package io.monitor.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.json.Json;
import io.monitor.ingest.FetchException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * GET with the JDK's HTTP client, sorting every response into process (2xx), skip (304 Not Modified) or fail:
 * network errors, 408, 429 and 5xx are retryable (with the wait from {@code Retry-After} or the platform's
 * rate-limit reset header); 401/403 are fatal ("check the credential"), other 4xx are fatal ("check the
 * configuration"). Thread-safe.
 */
public final class HttpFetcher {
    /** How long a request may wait for the whole answer: a server that stalls longer counts as a network error. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private final HttpClient client;
    private final Clock clock;
    private final String userAgent;
    private final Duration timeout;

    public HttpFetcher(Clock clock) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), clock);
    }

    public HttpFetcher(HttpClient client, Clock clock) {
        this(client, clock, DEFAULT_TIMEOUT);
    }

    /** With another request timeout (fault tests use a short one so a stalled server is noticed quickly). */
    public HttpFetcher(HttpClient client, Clock clock, Duration timeout) {
        this.client = client;
        this.clock = clock;
        this.timeout = timeout;
        this.userAgent = "monitor-ingest/0.1 (social listening; +https://github.com/)";
    }

    /** A response to process: 2xx with its body, or 304 (body empty). */
    public record Response(int status, String body, HttpHeaders headers) {
        public boolean notModified() {
            return status == 304;
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The body as JSON, or null when it is not JSON (the caller then dead-letters the body as it came). */
        public JsonNode jsonOrNull() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                return null;
            }
        }
    }

    public Response get(URI uri, Map<String, String> headers) throws FetchException, InterruptedException {
        return send("GET", uri, headers, null, null, true);
    }

    /**
     * GET that returns every HTTP answer unsorted (only network errors throw), for platforms whose error bodies
     * decide what an answer means (YouTube's 403 quotaExceeded); pass the response to {@link #check} afterwards.
     */
    public Response getUnchecked(URI uri, Map<String, String> headers) throws FetchException, InterruptedException {
        return send("GET", uri, headers, null, null, false);
    }

    /** Sorts a response from {@link #getUnchecked} like {@link #get} does: returns it when it is to be processed. */
    public Response check(URI uri, Response r) throws FetchException {
        return classify("GET", uri, r.status(), r.body(), r.headers());
    }

    /** POST of a form body ({@code application/x-www-form-urlencoded}), sorted like {@link #get}. */
    public Response postForm(URI uri, Map<String, String> headers, String form)
            throws FetchException, InterruptedException {
        return send("POST", uri, headers, form, "application/x-www-form-urlencoded", true);
    }

    /** POST of a JSON body, sorted like {@link #get}. */
    public Response postJson(URI uri, Map<String, String> headers, String json)
            throws FetchException, InterruptedException {
        return send("POST", uri, headers, json, "application/json", true);
    }

    private Response send(String method, URI uri, Map<String, String> headers, String form, String contentType,
                          boolean classify)
            throws FetchException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", userAgent)
                .header("Accept", "application/json");
        if (form != null) {
            b.POST(HttpRequest.BodyPublishers.ofString(form)).header("Content-Type", contentType);
        } else {
            b.GET();
        }
        headers.forEach(b::setHeader);
        HttpResponse<String> r;
        // The request timeout of the JDK's client bounds the wait for the response headers only: a server that sends
        // the headers and then stalls mid-body would hold the connector forever. The whole exchange is bounded here.
        java.util.concurrent.CompletableFuture<HttpResponse<String>> pending =
                client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
        try {
            r = pending.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            pending.cancel(true); // aborts the exchange and releases the connection
            throw FetchException.retryable("timeout", method + " " + redact(uri) + " got no complete answer within "
                    + timeout + " (the server stalled)", null, e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException || cause instanceof java.io.UncheckedIOException) {
                throw FetchException.retryable("network", method + " " + redact(uri) + " failed: " + cause, null,
                        cause);
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw FetchException.retryable("network", method + " " + redact(uri) + " failed: " + cause, null, cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        }
        if (!classify) {
            return new Response(r.statusCode(), r.statusCode() == 304 ? "" : r.body(), r.headers());
        }
        return classify(method, uri, r.statusCode(), r.body(), r.headers());
    }

    private Response classify(String method, URI uri, int s, String body, HttpHeaders headers) throws FetchException {
        if ((s >= 200 && s < 300) || s == 304) {
            return new Response(s, s == 304 ? "" : body, headers);
        }
        String what = method + " " + redact(uri) + " answered HTTP " + s + snippet(body);
        if (s == 429 || s == 408 || s >= 500) {
            Duration wait = retryAfter(headers, clock.instant());
            return throwRetryable(s == 429 ? "rate_limited" : s == 408 ? "timeout" : "server", what, wait);
        }
        if (s == 401 || s == 403) {
            throw FetchException.fatal("auth", what + ": authentication failed, check the credential (credentialEnv)");
        }
        throw FetchException.fatal("client", what + ": check the source's baseUrl and options");
    }

    private static Response throwRetryable(String kind, String what, Duration wait) throws FetchException {
        throw FetchException.retryable(kind, what, wait, null);
    }

    /**
     * The wait a response asks for: {@code Retry-After} (seconds or an HTTP date), else a rate-limit reset header
     * ({@code X-RateLimit-Reset} / {@code x-rate-limit-reset} / {@code X-Ratelimit-Reset}) read as an epoch second,
     * a number of seconds, or an ISO-8601 instant. Null when the response says nothing.
     */
    public static Duration retryAfter(HttpHeaders headers, Instant now) {
        Optional<String> ra = headers.firstValue("Retry-After");
        if (ra.isPresent()) {
            String v = ra.get().trim();
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
            } catch (NumberFormatException e) {
                try {
                    Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    return nonNegative(Duration.between(now, at));
                } catch (DateTimeParseException ignored) {
                    // fall through to the rate-limit headers
                }
            }
        }
        return headers.firstValue("X-RateLimit-Reset").or(() -> headers.firstValue("x-rate-limit-reset"))
                .map(v -> resetIn(v, now)).orElse(null);
    }

    /** A rate-limit reset value as a wait from {@code now}; null when unreadable. */
    public static Duration resetIn(String value, Instant now) {
        String v = value.trim();
        try {
            double n = Double.parseDouble(v);
            if (n > 1_000_000_000d) { // an epoch second (X, GitHub style)
                return nonNegative(Duration.between(now, Instant.ofEpochMilli((long) (n * 1000))));
            }
            return Duration.ofMillis((long) Math.max(0, n * 1000)); // seconds from now (Reddit style)
        } catch (NumberFormatException e) {
            try {
                return nonNegative(Duration.between(now, Instant.parse(v))); // ISO (Mastodon style)
            } catch (DateTimeParseException e2) {
                try {
                    return nonNegative(Duration.between(now, java.time.OffsetDateTime.parse(v).toInstant()));
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String s = body.strip().replaceAll("\\s+", " ");
        return ": " + (s.length() > 200 ? s.substring(0, 200) + "..." : s);
    }

    /** The URI without its query's secrets (access tokens, keys) for logs. */
    static String redact(URI uri) {
        String s = uri.toString();
        return s.replaceAll("(?i)(access_token|key|token|api_key)=[^&]*", "$1=***");
    }
}
