package io.monitor.ingest.x;

import java.time.Duration;

/**
 * The reconnect waits X requires of filtered-stream clients, as a pure decision:
 *
 * <ul>
 *   <li>network errors (refused, reset, dropped, 20 s of silence): linear, 250 ms more each time, at most 16 s;</li>
 *   <li>HTTP errors (5xx and other retryable answers): 5 s, doubling, at most 320 s;</li>
 *   <li>HTTP 429: 60 s, doubling (capped at 960 s so a long outage still retries about every quarter hour).</li>
 * </ul>
 *
 * Each kind has its own ladder; a failure of another kind starts that kind's ladder from its first step.
 * {@link #reset()} after a connection delivered data. Not thread-safe (one runner thread uses it).
 */
public final class XStreamBackoff {

    /** What went wrong. */
    public enum Kind { NETWORK, HTTP, RATE_LIMIT }

    static final Duration NETWORK_STEP = Duration.ofMillis(250);
    static final Duration NETWORK_MAX = Duration.ofSeconds(16);
    static final Duration HTTP_FIRST = Duration.ofSeconds(5);
    static final Duration HTTP_MAX = Duration.ofSeconds(320);
    static final Duration RATE_LIMIT_FIRST = Duration.ofSeconds(60);
    static final Duration RATE_LIMIT_MAX = Duration.ofSeconds(960);

    private Kind last;
    private int attempts;

    /** The wait before the next connection attempt after a failure of {@code kind}. */
    public Duration next(Kind kind) {
        if (kind != last) {
            last = kind;
            attempts = 0;
        }
        attempts++;
        return switch (kind) {
            case NETWORK -> min(NETWORK_STEP.multipliedBy(attempts), NETWORK_MAX);
            case HTTP -> doubling(HTTP_FIRST, attempts, HTTP_MAX);
            case RATE_LIMIT -> doubling(RATE_LIMIT_FIRST, attempts, RATE_LIMIT_MAX);
        };
    }

    /** A connection worked: the next failure starts from the first step again. */
    public void reset() {
        last = null;
        attempts = 0;
    }

    private static Duration doubling(Duration first, int attempt, Duration max) {
        int shift = Math.min(attempt - 1, 20);
        return min(first.multipliedBy(1L << shift), max);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
