package io.monitor.api.auth;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.monitor.core.config.OidcSettings;
import io.monitor.core.config.TokenSettings;
import io.monitor.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an OpenID Connect access or ID token (a compact JWS, RFC 7515/7519) with the JDK alone and turns it into a
 * {@link Principal}. Accepted: RS256 and ES256 signatures by a key the identity provider publishes (see
 * {@link SigningKeys}); anything else is refused before any key is looked at: {@code alg: none}, HMAC algorithms (a
 * public key must never serve as an HMAC secret), unknown algorithms, {@code crit} extensions, encrypted tokens.
 * After the signature: {@code iss} must equal {@code api.oidc.issuer}, {@code aud} (a string or a list) must contain
 * {@code api.oidc.audience}, a Keycloak {@code typ} claim must say {@code Bearer} (ID and refresh tokens are not
 * access tokens), {@code exp} is required, and {@code exp}, {@code nbf} and {@code iat} are checked with
 * {@code api.oidc.clockSkew} of tolerance. The name is {@code preferred_username}, else {@code sub}; the role is the
 * highest role that a value of {@code api.oidc.rolesClaim} maps to ({@code roleMapping}, or a value that is itself
 * viewer, responder or admin); none gives a principal without a role, which every protected route refuses with 403.
 *
 * <p>Every refusal is an {@link InvalidTokenException} whose message says what is wrong and never contains the token.
 * Thread-safe.
 */
public final class OidcVerifier {
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    private static final Pattern B64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern SAFE_ALG = Pattern.compile("[A-Za-z0-9+-]{1,16}");
    /** Strict: a claim given twice could mean one thing to us and another to whoever issued or checked it. */
    private static final ObjectReader JSON = Json.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private final OidcSettings settings;
    private final SigningKeys keys;

    public OidcVerifier(OidcSettings settings, SigningKeys keys) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("api.oidc.issuer is not set");
        }
        this.settings = settings;
        this.keys = keys;
    }

    /** Whether {@code token} has the shape of a compact JWS (three base64url parts); says nothing about validity. */
    public static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first && token.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * The caller the token stands for, checked at {@code now}.
     *
     * @throws InvalidTokenException           for any token that is not valid, saying why
     * @throws SigningKeysUnavailableException when the provider's keys cannot be fetched
     */
    public Principal verify(String token, Instant now) {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("the token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length == 5) {
            throw new InvalidTokenException("encrypted tokens (JWE) are not supported; send the signed access token");
        }
        if (parts.length != 3) {
            throw new InvalidTokenException("the token is not a JWT: it must have three parts separated by dots");
        }
        JsonNode header = json(parts[0], "header");
        String alg = header.path("alg").isTextual() ? header.get("alg").asText() : null;
        if (alg == null) {
            throw new InvalidTokenException("the token's header names no algorithm (alg)");
        }
        if (alg.equalsIgnoreCase("none")) {
            throw new InvalidTokenException("unsigned tokens (alg none) are not accepted");
        }
        if (alg.startsWith("HS")) {
            throw new InvalidTokenException("tokens signed with a shared secret (" + (SAFE_ALG.matcher(alg).matches()
                    ? alg : "HMAC") + ") are not accepted; the identity provider must sign with RS256 or ES256");
        }
        if (!alg.equals("RS256") && !alg.equals("ES256")) {
            throw new InvalidTokenException("the signature algorithm " + (SAFE_ALG.matcher(alg).matches() ? alg
                    : "in the header") + " is not supported; accepted are RS256 and ES256");
        }
        if (header.has("crit")) {
            throw new InvalidTokenException("the token requires extensions (crit) this server does not understand");
        }
        JsonNode kidNode = header.get("kid");
        if (kidNode != null && !kidNode.isTextual()) {
            throw new InvalidTokenException("the token's key id (kid) is not a string");
        }
        byte[] signature = decode(parts[2], "signature");
        JsonWebKeys.Key key = keys.find(kidNode == null ? null : kidNode.asText(), alg);
        if (!signatureValid(alg, key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature)) {
            throw new InvalidTokenException("the token's signature does not match the identity provider's key "
                    + "(forged or altered token)");
        }
        // Only a token the provider signed is read any further.
        JsonNode claims = json(parts[1], "payload");
        checkClaims(claims, now);
        return new Principal(name(claims), role(claims));
    }

    private void checkClaims(JsonNode c, Instant now) {
        if (!c.path("iss").isTextual() || !c.get("iss").asText().equals(settings.issuer())) {
            throw new InvalidTokenException("the token was issued by another issuer; expected " + settings.issuer());
        }
        JsonNode aud = c.get("aud");
        boolean forUs = false;
        if (aud != null && aud.isTextual()) {
            forUs = aud.asText().equals(settings.audience());
        } else if (aud != null && aud.isArray()) {
            for (JsonNode a : aud) {
                forUs |= a.isTextual() && a.asText().equals(settings.audience());
            }
        }
        if (!forUs) {
            throw new InvalidTokenException("the token is for another audience; expected '" + settings.audience()
                    + "' in aud (in Keycloak: an audience mapper on the client)");
        }
        JsonNode typ = c.get("typ");
        if (typ != null && typ.isTextual() && !typ.asText().equalsIgnoreCase("Bearer")) {
            // Keycloak marks its ID tokens "ID" (and refresh tokens "Refresh"): proof of a login to the client, not
            // a grant to call this API, so they must not pass as access tokens.
            throw new InvalidTokenException("this is not an access token (typ " + (typ.asText().matches("[A-Za-z+-]{1,16}")
                    ? typ.asText() : "other") + "); send the access token, not the ID or refresh token");
        }
        long skew = settings.clockSkew().toSeconds();
        long t = now.getEpochSecond();
        Long exp = time(c, "exp");
        if (exp == null) {
            throw new InvalidTokenException("the token has no expiry (exp)");
        }
        if (t > exp + skew) {
            throw new InvalidTokenException("the token expired at " + Instant.ofEpochSecond(exp)
                    + "; get a new one from the identity provider");
        }
        Long nbf = time(c, "nbf");
        if (nbf != null && t < nbf - skew) {
            throw new InvalidTokenException("the token is not valid before " + Instant.ofEpochSecond(nbf));
        }
        Long iat = time(c, "iat");
        if (iat != null && iat > t + skew) {
            throw new InvalidTokenException("the token was issued in the future (" + Instant.ofEpochSecond(iat)
                    + "); check the clocks of this server and the identity provider");
        }
    }

    private static Long time(JsonNode c, String claim) {
        JsonNode n = c.get(claim);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new InvalidTokenException("the token's " + claim + " is not a number of seconds");
        }
        return (long) Math.floor(n.asDouble());
    }

    private static String name(JsonNode c) {
        for (String claim : List.of("preferred_username", "sub")) {
            JsonNode n = c.get(claim);
            if (n != null && n.isTextual() && !n.asText().isBlank()) {
                String s = n.asText().strip();
                // The name becomes the actor in incident timelines and log lines: printable and bounded.
                if (s.length() > 200 || s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                    throw new InvalidTokenException("the token's " + claim + " is not a usable name");
                }
                return s;
            }
        }
        throw new InvalidTokenException("the token names nobody: it has neither preferred_username nor sub");
    }

    /** The highest role any value of the roles claim maps to; null when none does. */
    Role role(JsonNode claims) {
        JsonNode n = claims;
        for (String step : settings.rolesClaim().split("\\.")) {
            n = n == null ? null : n.get(step);
        }
        List<String> values = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(v -> {
                if (v.isTextual()) {
                    values.add(v.asText());
                }
            });
        } else if (n != null && n.isTextual()) {
            // A space-separated string, as in the scope claim.
            for (String v : n.asText().trim().split("\\s+")) {
                values.add(v);
            }
        }
        Role best = null;
        Map<String, String> mapping = settings.roleMapping();
        for (String v : values) {
            String id = mapping.get(v);
            if (id == null && TokenSettings.ROLES.contains(v)) {
                id = v;
            }
            if (id != null) {
                Role r = Role.parse(id);
                if (best == null || r.covers(best)) {
                    best = r;
                }
            }
        }
        return best;
    }

    private static boolean signatureValid(String alg, JsonWebKeys.Key key, byte[] input, byte[] signature) {
        try {
            Signature s;
            if (alg.equals("RS256")) {
                s = Signature.getInstance("SHA256withRSA");
            } else {
                if (signature.length != 64) {
                    return false; // JOSE ES256 is R || S, 32 bytes each (RFC 7518, 3.4), never DER
                }
                signature = derFromJose(signature);
                s = Signature.getInstance("SHA256withECDSA");
            }
            s.initVerify(key.publicKey());
            s.update(input);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** JOSE's fixed-size R || S as the ASN.1 DER {@code SEQUENCE { INTEGER r, INTEGER s }} the JDK verifies. */
    static byte[] derFromJose(byte[] rs) {
        int half = rs.length / 2;
        byte[] r = derInteger(rs, 0, half);
        byte[] s = derInteger(rs, half, half);
        int len = r.length + s.length;
        // For P-256 the content is at most 2 * (2 + 33) = 70 bytes: the short length form always fits.
        byte[] out = new byte[2 + len];
        out[0] = 0x30;
        out[1] = (byte) len;
        System.arraycopy(r, 0, out, 2, r.length);
        System.arraycopy(s, 0, out, 2 + r.length, s.length);
        return out;
    }

    private static byte[] derInteger(byte[] src, int off, int len) {
        int start = off;
        int end = off + len;
        while (start < end - 1 && src[start] == 0) {
            start++; // minimal encoding: no leading zero bytes...
        }
        boolean pad = (src[start] & 0x80) != 0; // ...except one that keeps a high bit from reading as negative
        int n = end - start + (pad ? 1 : 0);
        byte[] out = new byte[2 + n];
        out[0] = 0x02;
        out[1] = (byte) n;
        System.arraycopy(src, start, out, 2 + (pad ? 1 : 0), end - start);
        return out;
    }

    private static JsonNode json(String part, String what) {
        byte[] raw = decode(part, what);
        try {
            JsonNode n = JSON.readTree(raw);
            if (n == null || !n.isObject()) {
                throw new InvalidTokenException("the token's " + what + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new InvalidTokenException("the token's " + what + " is not valid JSON");
        }
    }

    private static byte[] decode(String part, String what) {
        // Strict base64url without padding (RFC 7515, 2): anything else is a malformed token, not one to repair.
        if (part.isEmpty() || !B64URL.matcher(part).matches()) {
            throw new InvalidTokenException("the token's " + what + " is not base64url");
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the token's " + what + " is not base64url");
        }
    }
}
