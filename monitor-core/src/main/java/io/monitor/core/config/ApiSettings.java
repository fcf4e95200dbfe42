package io.monitor.core.config;

import java.util.List;

/**
 * monitor-api settings.
 *
 * @param host        interface to bind (default 0.0.0.0)
 * @param port        HTTP port (default 8080; 0 picks a free one)
 * @param publicUrl   how people reach the dashboard; used for links in notifications
 * @param maxBodyBytes largest request body accepted
 * @param tokens      API tokens with roles; when empty (and OIDC is off), authentication is off (local mode only: a
 *                    warning is logged)
 * @param oidc        OpenID Connect bearer tokens, accepted beside the API tokens when {@code oidc.issuer} is set
 */
public record ApiSettings(String host, Integer port, String publicUrl, Integer maxBodyBytes, List<TokenSettings> tokens,
                          OidcSettings oidc) {
    public ApiSettings {
        oidc = oidc == null ? OidcSettings.disabled() : oidc;
        host = host == null || host.isBlank() ? "0.0.0.0" : host;
        port = port == null ? 8080 : port;
        publicUrl = publicUrl == null || publicUrl.isBlank() ? "http://localhost:" + port : publicUrl;
        maxBodyBytes = maxBodyBytes == null ? 1_048_576 : maxBodyBytes;
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        Check.range(port, 0, 65535, "api.port");
        for (int i = 0; i < tokens.size(); i++) {
            Check.require(tokens.get(i) != null, "api.tokens[" + i + "]", "is empty");
            tokens.get(i).validate("api.tokens[" + i + "]");
        }
        Check.range(maxBodyBytes, 1024, 64 * 1_048_576, "api.maxBodyBytes");
    }

    /** Settings without OIDC. */
    public ApiSettings(String host, Integer port, String publicUrl, Integer maxBodyBytes, List<TokenSettings> tokens) {
        this(host, port, publicUrl, maxBodyBytes, tokens, null);
    }

    public static ApiSettings defaults() {
        return new ApiSettings(null, null, null, null, null, null);
    }

    /** Whether requests must authenticate (API tokens or OIDC configured). */
    public boolean authEnabled() {
        return !tokens.isEmpty() || oidc.enabled();
    }

    /** The same settings on another port; a default {@code publicUrl} follows the port, a configured one stays. */
    public ApiSettings withPort(int newPort) {
        boolean defaulted = publicUrl.equals("http://localhost:" + port);
        return new ApiSettings(host, newPort, defaulted ? null : publicUrl, maxBodyBytes, tokens, oidc);
    }
}
