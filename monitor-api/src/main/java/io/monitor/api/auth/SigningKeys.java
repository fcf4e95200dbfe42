package io.monitor.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.config.OidcSettings;
import io.monitor.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity provider's signing keys, fetched from {@code api.oidc.jwksUrl} or, when that is unset, from the
 * {@code jwks_uri} of {@code <issuer>/.well-known/openid-configuration} (whose {@code issuer} must equal the configured
 * one). The key set is cached; it is fetched again when a token names a key id the cache does not know (the provider
 * rotated its keys) or the cache is older than {@code maxAge}. Fetches are rate-limited to one per
 * {@code minRefreshInterval} whatever happens, so a flood of tokens with random key ids, or a provider that is down,
 * costs at most one outgoing request per interval; each fetch is bounded (connect and request timeouts, body size).
 * Lookups read a snapshot without locking; only fetching is serialised.
 */
public final class SigningKeys {
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    public static final Duration DEFAULT_MIN_REFRESH = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_BODY_BYTES = 512 * 1024;

    private record Snapshot(JsonWebKeys keys, Instant fetchedAt) {
    }

    private final OidcSettings settings;
    private final Clock clock;
    private final Duration minRefresh;
    private final Duration maxAge;
    private final HttpClient http;
    private final Object fetchLock = new Object();
    private volatile Snapshot current;
    private Instant lastAttempt;
    private String lastError;
    private URI discoveredJwks;
    private long fetches;

    public SigningKeys(OidcSettings settings, Clock clock) {
        this(settings, clock, DEFAULT_MIN_REFRESH, DEFAULT_MAX_AGE);
    }

    public SigningKeys(OidcSettings settings, Clock clock, Duration minRefreshInterval, Duration maxAge) {
        this.settings = settings;
        this.clock = clock;
        this.minRefresh = minRefreshInterval;
        this.maxAge = maxAge;
        // No redirects: the key set must come from the address configured or discovered, not from wherever it points.
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        for (String url : new String[] {settings.issuer(), settings.jwksUrl()}) {
            if (url != null && url.startsWith("http://") && !loopback(url)) {
                LOG.warn("api.oidc: {} is plain http: anyone on the network path could swap the signing keys and "
                        + "forge tokens; use https beyond localhost", url);
            }
        }
    }

    private static boolean loopback(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The key for {@code kid} and {@code alg}.
     *
     * @throws InvalidTokenException           the provider has no such key (after a refresh, if one was allowed)
     * @throws SigningKeysUnavailableException no key set could be fetched yet
     */
    public JsonWebKeys.Key find(String kid, String alg) {
        Snapshot s = current;
        Instant now = clock.instant();
        if (s != null && !stale(s, now)) {
            JsonWebKeys.Key k = s.keys().find(kid, alg);
            if (k != null) {
                return k;
            }
        }
        String error;
        synchronized (fetchLock) {
            Snapshot seen = current;
            // Another request may have fetched while this one waited for the lock.
            boolean fresh = seen != null && seen != s && !stale(seen, now);
            if (!fresh && (lastAttempt == null || !now.isBefore(lastAttempt.plus(minRefresh)))) {
                lastAttempt = now;
                fetch(now);
            }
            s = current;
            error = lastError;
        }
        if (s == null) {
            throw new SigningKeysUnavailableException("the identity provider's signing keys could not be fetched ("
                    + error + "); try again shortly", null);
        }
        JsonWebKeys.Key k = s.keys().find(kid, alg);
        if (k == null) {
            throw new InvalidTokenException(kid == null
                    ? "the token names no key id and the identity provider has no single " + alg + " key"
                    : "the token was signed with a key the identity provider does not publish (unknown key id)");
        }
        return k;
    }

    /** Outgoing fetch attempts so far (for tests and the log). */
    public long fetches() {
        synchronized (fetchLock) {
            return fetches;
        }
    }

    private boolean stale(Snapshot s, Instant now) {
        return now.isAfter(s.fetchedAt().plus(maxAge));
    }

    private void fetch(Instant now) {
        fetches++;
        URI jwks = null;
        try {
            jwks = jwksUri();
            JsonWebKeys keys = JsonWebKeys.parse(get(jwks));
            for (String why : keys.skipped()) {
                LOG.info("api.oidc: signing key set {}: left out {}", jwks, why);
            }
            if (keys.keys().isEmpty()) {
                throw new IOException("it holds no RS256 or ES256 signing key");
            }
            current = new Snapshot(keys, now);
            lastError = null;
            LOG.info("api.oidc: {} signing key(s) from {}", keys.keys().size(), jwks);
        } catch (IOException | IllegalArgumentException e) {
            discoveredJwks = null; // discover again next time: the provider may have moved its keys
            lastError = (jwks == null ? "" : jwks + ": ") + e.getMessage();
            LOG.warn("api.oidc: cannot fetch the identity provider's signing keys: {}{}. Tokens are checked against "
                    + "the keys fetched before, if any; next attempt in {}s at the earliest", lastError,
                    current == null ? "" : " (keeping " + current.keys().keys().size() + " known key(s))",
                    minRefresh.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastError = "interrupted";
        }
    }

    private URI jwksUri() throws IOException, InterruptedException {
        if (settings.jwksUrl() != null && !settings.jwksUrl().isBlank()) {
            return URI.create(settings.jwksUrl().trim());
        }
        if (discoveredJwks != null) {
            return discoveredJwks;
        }
        String issuer = settings.issuer().trim();
        URI discovery = URI.create((issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration");
        JsonNode doc = get(discovery);
        String named = doc.path("issuer").asText(null);
        if (!issuer.equals(named)) {
            // OpenID Connect Discovery 1.0, 4.3: a document for another issuer must not be used.
            throw new IOException(discovery + " names the issuer '" + named + "', but api.oidc.issuer is '" + issuer
                    + "'");
        }
        String uri = doc.path("jwks_uri").asText(null);
        if (uri == null || !(uri.startsWith("https://") || uri.startsWith("http://"))) {
            throw new IOException(discovery + " has no http(s) jwks_uri; set api.oidc.jwksUrl");
        }
        discoveredJwks = URI.create(uri);
        return discoveredJwks;
    }

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json")
                .GET().build();
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(req, info -> new Limited(MAX_BODY_BYTES));
        HttpResponse<byte[]> resp;
        try {
            // The request timeout covers the headers only; this bounds the body too (a provider trickling bytes).
            resp = call.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IOException("GET " + uri + " took longer than " + REQUEST_TIMEOUT.toSeconds() + "s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IOException("GET " + uri + " failed: " + (c.getMessage() == null ? c.toString() : c.getMessage()));
        }
        if (resp.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered HTTP " + resp.statusCode());
        }
        try {
            return Json.MAPPER.readTree(resp.body());
        } catch (IOException e) {
            throw new IOException("GET " + uri + " did not return JSON");
        }
    }

    /** Collects a body of at most {@code limit} bytes; a longer one fails the call instead of filling the heap. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Limited(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (out.size() + b.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("the answer is larger than " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
