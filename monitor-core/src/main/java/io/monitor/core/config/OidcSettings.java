package io.monitor.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * OpenID Connect bearer tokens (JWTs signed by the identity provider), accepted beside API tokens when
 * {@code issuer} is set.
 *
 * @param issuer      expected {@code iss} claim, e.g. {@code https://login.example.com/realms/acme}; unset = OIDC off
 * @param audience    expected {@code aud} claim (the client id the provider issues tokens for)
 * @param jwksUrl     where the provider publishes its signing keys; default {@code <issuer>/protocol/openid-connect/certs}
 *                    is NOT assumed: when unset, {@code <issuer>/.well-known/openid-configuration} is read for
 *                    {@code jwks_uri}
 * @param rolesClaim  claim holding the user's roles or groups (a list of strings; a dotted path such as
 *                    {@code realm_access.roles} reaches into nested objects); default {@code roles}
 * @param roleMapping claim value → product role (viewer, responder, admin); values that are role names map to
 *                    themselves; the highest mapped role wins, no mapped role = 403
 * @param clockSkew   tolerance for {@code exp} and {@code nbf}
 */
public record OidcSettings(String issuer, String audience, String jwksUrl, String rolesClaim,
                           Map<String, String> roleMapping, Duration clockSkew) {
    public OidcSettings {
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
        roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
        clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
        if (issuer != null && !issuer.isBlank()) {
            Check.require(issuer.startsWith("https://") || issuer.startsWith("http://"), "api.oidc.issuer",
                    "'" + issuer + "' must be an http(s) URL");
            Check.notBlank(audience, "api.oidc.audience");
            if (jwksUrl != null && !jwksUrl.isBlank()) {
                try {
                    URI u = URI.create(jwksUrl);
                    Check.require(u.getScheme() != null && u.getScheme().startsWith("http"), "api.oidc.jwksUrl",
                            "'" + jwksUrl + "' must be an http(s) URL");
                } catch (IllegalArgumentException e) {
                    throw new SettingsException("api.oidc.jwksUrl", "'" + jwksUrl + "' is not a URL");
                }
            }
            for (Map.Entry<String, String> e : roleMapping.entrySet()) {
                Check.require(TokenSettings.ROLES.contains(e.getValue()), "api.oidc.roleMapping." + e.getKey(),
                        "'" + e.getValue() + "' is not one of viewer, responder, admin");
            }
            Check.require(!clockSkew.isNegative(), "api.oidc.clockSkew", "must not be negative");
        }
    }

    public static OidcSettings disabled() {
        return new OidcSettings(null, null, null, null, null, null);
    }

    public boolean enabled() {
        return issuer != null && !issuer.isBlank();
    }
}
