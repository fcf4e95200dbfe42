package io.monitor.api.auth;

/**
 * The identity provider's signing keys could not be fetched (provider down, discovery document or JWKS invalid), so
 * no token can be checked: the caller is not at fault, {@link Auth} answers 503 and the log says what to fix.
 */
public final class SigningKeysUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SigningKeysUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
