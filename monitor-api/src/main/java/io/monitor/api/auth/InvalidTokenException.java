package io.monitor.api.auth;

/**
 * A bearer token that cannot be accepted, with a reason a person can act on ("the token expired at ...", "the token
 * is for another audience"). The reason never contains the token itself. {@link Auth} turns it into a 401 with
 * {@code WWW-Authenticate: Bearer error="invalid_token"} (RFC 6750).
 */
public final class InvalidTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }

    public InvalidTokenException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
