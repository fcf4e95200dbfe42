package io.monitor.ingest;

import java.time.Duration;
import java.util.Random;

/**
 * Bounded exponential backoff with jitter. The {@code n}-th retry waits {@code base * 2^(n-1)}, capped at
 * {@code max}, scaled by a random factor in [0.5, 1.0); when the platform said how long to wait (Retry-After,
 * rate-limit reset) that wait is used instead (capped at {@code maxRetryAfter}): the platform knows best.
 */
public record RetryPolicy(int maxRetries, Duration base, Duration max, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(2),
            Duration.ofHours(1));

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
    }

    /** The wait before retry number {@code attempt} (1-based). */
    public Duration delay(int attempt, Duration retryAfter, Random random) {
        long baseMs = base.toMillis();
        long exp = baseMs << Math.min(30, Math.max(0, attempt - 1));
        long capped = Math.min(exp < 0 ? Long.MAX_VALUE : exp, max.toMillis());
        long jittered = (long) (capped * (0.5 + random.nextDouble() * 0.5));
        if (retryAfter != null && !retryAfter.isNegative()) {
            long asked = Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis());
            return Duration.ofMillis(Math.max(asked, 0));
        }
        return Duration.ofMillis(jittered);
    }
}
