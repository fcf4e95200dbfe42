package io.monitor.api.notify;

import java.time.Duration;

/**
 * Exponential backoff with jitter: attempt n waits {@code initial * 2^(n-1)}, capped at {@code max}, then scaled by
 * a random factor in [0.5, 1) so that many deliveries failing together do not retry in lockstep. Pure.
 */
final class Backoff {
    private Backoff() {
    }

    /** The wait after failed attempt {@code attempt} (1-based); {@code random} in [0, 1). */
    static Duration delay(int attempt, Duration initial, Duration max, double random) {
        long base = initial.toMillis();
        for (int i = 1; i < attempt && base < max.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, max.toMillis());
        return Duration.ofMillis(Math.max(1, (long) (base * (0.5 + random / 2))));
    }
}
