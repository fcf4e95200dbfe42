package io.monitor.api.auth;

import io.monitor.api.http.ApiException;
import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.TokenSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token authentication with roles. Two kinds of bearer token are accepted side by side:
 * <ul>
 *   <li>API tokens from the environment variables named in {@code api.tokens[].tokenEnv}; they are compared in
 *       constant time (as SHA-256 digests, so not even the length leaks) and never logged;</li>
 *   <li>with {@code api.oidc.issuer} set, OpenID Connect JWTs from that identity provider ({@link OidcVerifier}); the
 *       principal is the user's {@code preferred_username} (else {@code sub}) with the role its claims map to.</li>
 * </ul>
 * A token that is not valid gets 401 with {@code WWW-Authenticate: Bearer error="invalid_token",
 * error_description="..."} (RFC 6750) and a problem body saying what is wrong, without the token; when the provider's
 * keys cannot be fetched the answer is 503. With neither API tokens nor OIDC configured authentication is off: every
 * caller acts as {@code local} with the admin role, and a warning says so once at start.
 */
public final class Auth {
    private static final Logger LOG = LoggerFactory.getLogger(Auth.class);
    public static final Principal LOCAL = new Principal("local", Role.ADMIN);

    private record Known(String name, Role role, byte[] digest) {
    }

    private final List<Known> tokens = new ArrayList<>();
    private final boolean enabled;
    private final OidcVerifier oidc;
    private final Clock clock;

    /** API tokens only (no OIDC). */
    public Auth(List<TokenSettings> configured, Function<String, String> env) {
        this(configured, null, env, Clock.systemUTC());
    }

    /** API tokens and, when {@code api.oidc().enabled()}, OIDC bearer tokens checked at {@code clock}'s time. */
    public Auth(ApiSettings api, Function<String, String> env, Clock clock) {
        this(api.tokens(), api.oidc().enabled() ? new OidcVerifier(api.oidc(), new SigningKeys(api.oidc(), clock))
                : null, env, clock);
    }

    /** @param oidc the OIDC verifier, null when OIDC is off */
    public Auth(List<TokenSettings> configured, OidcVerifier oidc, Function<String, String> env, Clock clock) {
        this.oidc = oidc;
        this.clock = clock;
        for (TokenSettings t : configured) {
            String secret = env.apply(t.tokenEnv());
            if (secret == null || secret.isBlank()) {
                LOG.warn("API token '{}' is configured but environment variable {} is not set: that token cannot log in",
                        t.name(), t.tokenEnv());
                continue;
            }
            tokens.add(new Known(t.name(), Role.parse(t.role()), sha256(secret.trim())));
        }
        enabled = !configured.isEmpty() || oidc != null;
        if (!enabled) {
            LOG.warn("no API tokens configured (api.tokens) and no OIDC issuer (api.oidc.issuer): authentication is "
                    + "OFF and every caller may act as admin. Configure tokens before exposing the API beyond this "
                    + "machine.");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * The caller of a request. {@code queryToken} is the {@code access_token} query parameter, accepted only where
     * the browser cannot send headers (EventSource). Throws 401 when a token is needed and missing or unknown.
     */
    public Principal authenticate(String authorizationHeader, String queryToken, boolean required) {
        if (!enabled) {
            return LOCAL;
        }
        String presented = null;
        if (authorizationHeader != null) {
            String h = stripWhitespace(authorizationHeader);
            if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                presented = stripWhitespace(h.substring(7));
            } else if (required) {
                throw unauthorized("use 'Authorization: Bearer <token>'");
            }
        } else if (queryToken != null && !queryToken.isBlank()) {
            presented = stripWhitespace(queryToken);
        }
        if (presented != null && hasControlCharacter(presented)) {
            // String.trim() would silently drop a trailing NUL or newline and let "token\0" log in as "token";
            // a token with control characters is malformed, whatever follows.
            if (required) {
                throw unauthorized("the API token contains control characters");
            }
            return Principal.ANONYMOUS;
        }
        if (presented == null || presented.isEmpty()) {
            if (required) {
                throw unauthorized("this endpoint needs an API token: send 'Authorization: Bearer <token>'");
            }
            return Principal.ANONYMOUS;
        }
        byte[] digest = sha256(presented);
        Known match = null;
        for (Known k : tokens) {
            // No early exit: every configured token is compared, each in constant time.
            if (MessageDigest.isEqual(k.digest(), digest) && match == null) {
                match = k;
            }
        }
        if (match != null) {
            return new Principal(match.name(), match.role());
        }
        if (oidc != null && OidcVerifier.looksLikeJwt(presented)) {
            try {
                return oidc.verify(presented, clock.instant());
            } catch (InvalidTokenException e) {
                if (required) {
                    throw invalidToken(e.getMessage());
                }
                return Principal.ANONYMOUS;
            } catch (SigningKeysUnavailableException e) {
                if (required) {
                    throw ApiException.unavailable("cannot check the token now: " + e.getMessage());
                }
                return Principal.ANONYMOUS;
            }
        }
        if (required) {
            throw invalidToken(oidc == null ? "the API token is not valid"
                    : "the token is neither a valid API token nor a JWT from the identity provider");
        }
        return Principal.ANONYMOUS;
    }

    /** 403 when {@code principal} lacks {@code required} ({@code null} = public endpoint). */
    public void require(Principal principal, Role required) {
        if (required == null) {
            return;
        }
        if (principal.role() == null || !principal.role().covers(required)) {
            throw new ApiException(403, "forbidden", "Forbidden", "this action needs the " + required.id()
                    + " role; the token '" + principal.name() + "' has the role "
                    + (principal.role() == null ? "none" + (oidc == null ? "" : " (for an OIDC user: no value of the "
                    + "claim api.oidc.rolesClaim maps to viewer, responder or admin; see api.oidc.roleMapping)")
                    : principal.role().id()))
                    .with("requiredRole", required.id());
        }
    }

    /** Only the optional whitespace HTTP allows around a value (space, tab); unlike trim(), keeps controls. */
    private static String stripWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Unauthorized", detail)
                .header("WWW-Authenticate", "Bearer realm=\"monitor\"");
    }

    /** A token was presented and is not valid: RFC 6750's {@code invalid_token} with the reason. */
    private static ApiException invalidToken(String detail) {
        return new ApiException(401, "unauthorized", "Unauthorized", detail)
                .header("WWW-Authenticate", "Bearer realm=\"monitor\", error=\"invalid_token\", error_description=\""
                        + headerSafe(detail) + "\"");
    }

    /** RFC 6750, 3: error_description is printable ASCII without {@code "} and backslash. */
    static String headerSafe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == '"' || c == '\\' ? '\'' : c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
