package io.monitor.ingest;

import java.time.Duration;

/**
 * A failed fetch, sorted: retryable (network error, 429, 5xx) with the wait the platform asked for, or fatal
 * (authentication failed, bad request: retrying cannot help, the connector stops and says what to fix).
 */
public class FetchException extends Exception {
    private final boolean retryable;
    private final Duration retryAfter;
    private final String kind;

    private FetchException(String kind, String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** A failure worth retrying; {@code retryAfter} is the wait the platform asked for, or null. */
    public static FetchException retryable(String kind, String message, Duration retryAfter, Throwable cause) {
        return new FetchException(kind, message, true, retryAfter, cause);
    }

    /** A failure retrying cannot fix. */
    public static FetchException fatal(String kind, String message) {
        return new FetchException(kind, message, false, null, null);
    }

    public boolean retryable() {
        return retryable;
    }

    /** The wait the platform asked for (Retry-After, rate-limit reset), null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** A short bounded label for metrics: network, rate_limited, server, auth, client, ... */
    public String kind() {
        return kind;
    }
}
