package io.monitor.api.notify;

/**
 * What happened to one delivery attempt. {@code detail} is safe to log (no URL, no key, no secret).
 *
 * <p>{@link Outcome#RETRY}: worth trying again (timeouts, connection errors, 408, 425, 429, 5xx, SMTP 4xx);
 * {@link Outcome#REJECTED}: trying again will not help (other 4xx, SMTP 5xx): the delivery is dead-lettered.
 */
public record Attempt(Outcome outcome, String detail) {
    public enum Outcome { DELIVERED, RETRY, REJECTED }

    public static Attempt delivered(String detail) {
        return new Attempt(Outcome.DELIVERED, detail);
    }

    public static Attempt retry(String detail) {
        return new Attempt(Outcome.RETRY, detail);
    }

    public static Attempt rejected(String detail) {
        return new Attempt(Outcome.REJECTED, detail);
    }
}
