package io.monitor.api;

import static io.monitor.api.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.api.TestHttp.Response;
import io.monitor.api.auth.LocalIdentityProvider;
import io.monitor.api.auth.LocalIdentityProvider.SigningKey;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.OidcSettings;
import io.monitor.core.config.TokenSettings;
import io.monitor.core.model.Alert;
import io.monitor.core.model.AlertRules;
import io.monitor.core.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OpenID Connect bearer tokens over real HTTP: the API server checks JWTs against a local stand-in for a Keycloak
 * realm (discovery document and JWKS on the JDK's HTTP server, RSA and EC keys generated per test run, tokens signed
 * here). Valid tokens get in with the role their realm roles map to; every kind of bad token gets 401 with
 * {@code error="invalid_token"} and a reason; API tokens keep working beside OIDC.
 */
@Timeout(60)
class OidcAuthTest {
    private static final String AUDIENCE = "monitor-api";
    private static final Map<String, String> ENV = Map.of("OPS_TOKEN", "ops-secret-1");

    private final IncidentStore store = new IncidentStore();
    private final Alert alert = Fixtures.alert("acme-bahn", AlertRules.NEGATIVE_VOLUME_SPIKE, Severity.CRITICAL, T0,
            "storm");
    private LocalIdentityProvider idp;
    private SigningKey rsa;
    private SigningKey ec;
    private ApiServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        store.apply(alert);
        idp = new LocalIdentityProvider();
        rsa = LocalIdentityProvider.rsa("rsa-2026-11", 0);
        ec = LocalIdentityProvider.ec("ec-2026-11", 0);
        idp.published.add(rsa);
        idp.published.add(ec);
        server = start(List.of(new TokenSettings("ops-bot", "admin", "OPS_TOKEN")), null);
    }

    private ApiServer start(List<TokenSettings> tokens, String jwksUrl) {
        OidcSettings oidc = new OidcSettings(idp.issuer(), AUDIENCE, jwksUrl, "realm_access.roles",
                Map.of("cm-viewer", "viewer", "cm-responder", "responder", "monitor-admin", "admin"),
                Duration.ofSeconds(30));
        MonitorSettings settings = new MonitorSettings(null, List.of(
                new BrandSettings("acme-bahn", "Acme Bahn", "\"acme bahn\"", List.of())), null, null, null,
                new ApiSettings("127.0.0.1", 0, null, 4096, tokens, oidc), null);
        ApiServer s = Fixtures.server(settings, store, null, () -> true, ENV::get, Duration.ofSeconds(15));
        port = s.port();
        return s;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        idp.close();
    }

    private Map<String, Object> claims(String user, String... roles) {
        return idp.claims(user, List.of(roles), Instant.now());
    }

    private Response list(String token) {
        return TestHttp.get(port, "/api/v1/incidents", "Authorization", "Bearer " + token);
    }

    private Response acknowledge(String token) {
        return TestHttp.post(port, "/api/v1/incidents/" + alert.fingerprint() + "/acknowledge", "",
                "Authorization", "Bearer " + token);
    }

    /** 401 with RFC 6750's challenge, a problem body whose detail contains {@code reason}, and no trace of the token. */
    private static void assertInvalid(Response r, String token, String reason) {
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"monitor\", error=\"invalid_token\", "
                + "error_description=\"").contains(reason);
        assertThat(r.json().get("detail").asText()).contains(reason);
        String[] parts = token.split("\\.");
        for (String part : parts) {
            if (part.length() > 8) {
                assertThat(r.body()).doesNotContain(part);
                assertThat(r.header("WWW-Authenticate")).doesNotContain(part);
            }
        }
    }

    @Test
    void aValidRs256TokenOfAResponderReadsAndActsUnderTheUsersName() throws Exception {
        String token = LocalIdentityProvider.sign(rsa, claims("jana.schmidt", "offline_access", "cm-responder"));
        assertThat(list(token).status()).isEqualTo(200);
        Response ack = acknowledge(token);
        assertThat(ack.status()).as(ack.body()).isEqualTo(200);
        assertThat(ack.json().at("/event/actor").asText()).isEqualTo("jana.schmidt");
        // The discovery document was read once, the key set once: later tokens use the cache.
        assertThat(list(token).status()).isEqualTo(200);
        assertThat(idp.discoveryRequests.get()).isEqualTo(1);
        assertThat(idp.jwksRequests.get()).isEqualTo(1);
    }

    @Test
    void aValidEs256TokenGetsInAndAViewerCannotAcknowledge() throws Exception {
        String token = LocalIdentityProvider.sign(ec, claims("max", "cm-viewer"));
        assertThat(list(token).status()).isEqualTo(200);
        Response forbidden = acknowledge(token);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("detail").asText()).contains("needs the responder role")
                .contains("'max' has the role viewer");
    }

    @Test
    void theHighestMappedRoleWinsAndRoleNamesMapToThemselves() throws Exception {
        String admin = LocalIdentityProvider.sign(rsa, claims("lea", "cm-viewer", "monitor-admin", "cm-responder"));
        assertThat(TestHttp.post(port, "/api/v1/incidents/" + alert.fingerprint() + "/notes", "{\"text\":\"hi\"}",
                "Authorization", "Bearer " + admin).json().at("/event/actor").asText()).isEqualTo("lea");
        String plain = LocalIdentityProvider.sign(rsa, claims("tom", "responder"));
        assertThat(acknowledge(plain).status()).isEqualTo(200);
    }

    @Test
    void aUserWithoutAnyMappedRoleIsForbiddenEvenToRead() throws Exception {
        String token = LocalIdentityProvider.sign(rsa, claims("guest", "offline_access", "uma_authorization"));
        Response r = list(token);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("detail").asText()).contains("has the role none").contains("api.oidc.roleMapping");
    }

    @Test
    void theUsernameFallsBackToSubject() throws Exception {
        Map<String, Object> c = claims("x", "cm-responder");
        c.remove("preferred_username");
        c.put("sub", "service-account-7");
        assertThat(acknowledge(LocalIdentityProvider.sign(rsa, c)).json().at("/event/actor").asText())
                .isEqualTo("service-account-7");
    }

    @Test
    void anExpiredTokenIs401SayingSo() throws Exception {
        Map<String, Object> c = claims("jana", "cm-responder");
        long past = Instant.now().minusSeconds(600).getEpochSecond();
        c.put("iat", past - 300);
        c.put("exp", past);
        String token = LocalIdentityProvider.sign(rsa, c);
        assertInvalid(list(token), token, "the token expired at " + Instant.ofEpochSecond(past));
    }

    @Test
    void expiryWithinTheClockSkewIsStillAccepted() throws Exception {
        Map<String, Object> c = claims("jana", "cm-viewer");
        c.put("exp", Instant.now().minusSeconds(10).getEpochSecond()); // skew is 30 s
        assertThat(list(LocalIdentityProvider.sign(rsa, c)).status()).isEqualTo(200);
    }

    @Test
    void aTokenNotYetValidOrIssuedInTheFutureIs401() throws Exception {
        Map<String, Object> c = claims("jana", "cm-viewer");
        c.put("nbf", Instant.now().plusSeconds(600).getEpochSecond());
        String early = LocalIdentityProvider.sign(rsa, c);
        assertInvalid(list(early), early, "not valid before");
        Map<String, Object> d = claims("jana", "cm-viewer");
        d.put("iat", Instant.now().plusSeconds(600).getEpochSecond());
        d.put("exp", Instant.now().plusSeconds(900).getEpochSecond());
        String future = LocalIdentityProvider.sign(rsa, d);
        assertInvalid(list(future), future, "issued in the future");
    }

    @Test
    void aTokenWithoutExpiryIs401() throws Exception {
        Map<String, Object> c = claims("jana", "cm-viewer");
        c.remove("exp");
        String token = LocalIdentityProvider.sign(rsa, c);
        assertInvalid(list(token), token, "no expiry");
    }

    @Test
    void anotherIssuerOrAudienceIs401() throws Exception {
        Map<String, Object> c = claims("jana", "cm-viewer");
        c.put("iss", "http://127.0.0.1:1/realms/other");
        String otherIssuer = LocalIdentityProvider.sign(rsa, c);
        assertInvalid(list(otherIssuer), otherIssuer, "issued by another issuer");

        Map<String, Object> d = claims("jana", "cm-viewer");
        d.put("aud", List.of("account", "grafana"));
        String otherAudience = LocalIdentityProvider.sign(rsa, d);
        assertInvalid(list(otherAudience), otherAudience, "for another audience");

        Map<String, Object> e = claims("jana", "cm-viewer");
        e.put("aud", AUDIENCE); // a single string is as good as a list
        assertThat(list(LocalIdentityProvider.sign(rsa, e)).status()).isEqualTo(200);
    }

    @Test
    void anIdTokenIsNotAnAccessToken() throws Exception {
        Map<String, Object> c = claims("jana", "cm-viewer");
        c.put("typ", "ID");
        String token = LocalIdentityProvider.sign(rsa, c);
        assertInvalid(list(token), token, "not an access token (typ ID)");
    }

    @Test
    void aSignatureByAnotherKeyUnderAKnownKidIs401() throws Exception {
        SigningKey impostor = new SigningKey(rsa.kid(), "RS256", LocalIdentityProvider.rsa("x", 2).pair());
        String token = LocalIdentityProvider.sign(impostor, claims("mallory", "monitor-admin"));
        assertInvalid(list(token), token, "signature does not match");
    }

    @Test
    void aTamperedPayloadIs401() throws Exception {
        String token = LocalIdentityProvider.sign(ec, claims("mallory", "cm-viewer"));
        String[] p = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8)
                .replace("cm-viewer", "monitor-admin");
        String tampered = p[0] + "." + LocalIdentityProvider.b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + p[2];
        assertInvalid(acknowledge(tampered), tampered, "signature does not match");
        String rsaToken = LocalIdentityProvider.sign(rsa, claims("mallory", "cm-viewer"));
        String[] q = rsaToken.split("\\.");
        String swapped = q[0] + "." + LocalIdentityProvider.b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + q[2];
        assertInvalid(acknowledge(swapped), swapped, "signature does not match");
    }

    @Test
    void algNoneAndHmacWithThePublicKeyAsSecretAre401() throws Exception {
        Map<String, Object> none = new LinkedHashMap<>(Map.of("alg", "none", "typ", "JWT"));
        String unsigned = LocalIdentityProvider.b64(io.monitor.core.json.Json.MAPPER.writeValueAsBytes(none)) + "."
                + LocalIdentityProvider.b64(io.monitor.core.json.Json.MAPPER.writeValueAsBytes(
                claims("mallory", "monitor-admin"))) + ".";
        assertInvalid(list(unsigned), unsigned, "alg none");

        // The classic confusion: HS256 keyed with the provider's public key, which anybody can download.
        Map<String, Object> hs = new LinkedHashMap<>(Map.of("alg", "HS256", "typ", "JWT", "kid", rsa.kid()));
        String input = LocalIdentityProvider.b64(io.monitor.core.json.Json.MAPPER.writeValueAsBytes(hs)) + "."
                + LocalIdentityProvider.b64(io.monitor.core.json.Json.MAPPER.writeValueAsBytes(
                claims("mallory", "monitor-admin")));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(rsa.pair().getPublic().getEncoded(), "HmacSHA256"));
        String hmac = input + "." + LocalIdentityProvider.b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        assertInvalid(acknowledge(hmac), hmac, "shared secret (HS256) are not accepted");
    }

    @Test
    void anEs256SignatureInDerInsteadOfJoseFormIs401() throws Exception {
        String token = LocalIdentityProvider.sign(ec, claims("max", "cm-viewer"));
        String[] p = token.split("\\.");
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
        s.initSign(ec.pair().getPrivate());
        s.update((p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII));
        String der = p[0] + "." + p[1] + "." + LocalIdentityProvider.b64(s.sign());
        assertInvalid(list(der), der, "signature does not match");
    }

    @Test
    void anUnknownKidIs401AndAFloodOfRandomKidsFetchesTheKeySetAtMostTwice() throws Exception {
        SigningKey unpublished = LocalIdentityProvider.rsa("rsa-unpublished", 2);
        String token = LocalIdentityProvider.sign(unpublished, claims("mallory", "monitor-admin"));
        assertInvalid(list(token), token, "unknown key id");
        for (int i = 0; i < 40; i++) {
            SigningKey random = new SigningKey(UUID.randomUUID().toString(), "RS256", unpublished.pair());
            assertThat(list(LocalIdentityProvider.sign(random, claims("mallory", "monitor-admin"))).status())
                    .isEqualTo(401);
        }
        // The first fetch, at most one refresh for an unknown kid; then the rate limit (30 s) holds.
        assertThat(idp.jwksRequests.get()).isBetween(1, 2);
        assertThat(list(LocalIdentityProvider.sign(rsa, claims("jana", "cm-viewer"))).status()).isEqualTo(200);
    }

    @Test
    void theProvidersEncryptionKeyCannotSignTokens() throws Exception {
        SigningKey enc = new SigningKey(idp.encryptionKey.kid(), "RS256", idp.encryptionKey.pair());
        String token = LocalIdentityProvider.sign(enc, claims("mallory", "monitor-admin"));
        assertInvalid(list(token), token, "unknown key id");
    }

    @Test
    void garbageThatLooksLikeAJwtIs401WithAReason() {
        assertInvalid(list("abc.def.ghi"), "abc.def.ghi", "header is not valid JSON");
        assertInvalid(list("eyJhbGciOiJSUzI1NiJ9=.e30.c2ln"), "x", "header is not base64url");
        Response notJwt = list("some-random-string");
        assertThat(notJwt.status()).isEqualTo(401);
        assertThat(notJwt.json().get("detail").asText()).contains("neither a valid API token nor a JWT");
    }

    @Test
    void apiTokensKeepWorkingBesideOidcAndNoTokenIs401() {
        Response none = TestHttp.get(port, "/api/v1/incidents");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"monitor\"");
        Response ops = acknowledge("ops-secret-1");
        assertThat(ops.status()).as(ops.body()).isEqualTo(200);
        assertThat(ops.json().at("/event/actor").asText()).isEqualTo("ops-bot");
    }

    @Test
    void withOidcAloneAuthIsOnAndTheStreamTakesTheJwtAsQueryParameter() throws Exception {
        server.close();
        server = start(List.of(), idp.jwksUrl());
        assertThat(TestHttp.get(port, "/api/v1/incidents").status()).isEqualTo(401);
        String token = LocalIdentityProvider.sign(rsa, claims("jana", "cm-viewer"));
        assertThat(list(token).status()).isEqualTo(200);
        assertThat(idp.discoveryRequests.get()).as("jwksUrl configured: no discovery").isZero();
        try (TestHttp.SseReader sse = new TestHttp.SseReader(port, "/api/v1/incidents/stream?access_token=" + token)) {
            assertThat(sse.status).isEqualTo(200);
        }
    }

    @Test
    void whenTheProviderIsDownTheAnswerIs503NotAFalse401() throws Exception {
        idp.jwksStatus = 500;
        String token = LocalIdentityProvider.sign(rsa, claims("jana", "cm-viewer"));
        Response r = list(token);
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("5");
        assertThat(r.json().get("detail").asText()).contains("signing keys could not be fetched")
                .contains("HTTP 500").doesNotContain(token.split("\\.")[1]);
    }
}
