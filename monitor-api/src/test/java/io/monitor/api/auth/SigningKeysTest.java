package io.monitor.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.config.OidcSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The key cache against a local provider with a clock moved by hand: key rotation, the refresh rate limit, stale
 * key sets, discovery that names another issuer, and a provider that is down.
 */
@Timeout(30)
class SigningKeysTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private LocalIdentityProvider idp;
    private LocalIdentityProvider.SigningKey first;

    @BeforeEach
    void start() throws Exception {
        idp = new LocalIdentityProvider();
        first = LocalIdentityProvider.rsa("k1", 0);
        idp.published.add(first);
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private OidcSettings settings(String issuer, String jwksUrl) {
        return new OidcSettings(issuer, "monitor-api", jwksUrl, null, Map.of(), Duration.ofSeconds(30));
    }

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void aRotatedKeyIsFetchedOnItsFirstUseOnceTheRateLimitAllows() throws Exception {
        SigningKeys keys = new SigningKeys(settings(idp.issuer(), null), clock, Duration.ofSeconds(30),
                Duration.ofHours(1));
        assertThat(keys.find("k1", "RS256").publicKey()).isEqualTo(first.pair().getPublic());
        LocalIdentityProvider.SigningKey second = LocalIdentityProvider.ec("k2", 1);
        idp.published.add(second);

        advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> keys.find("k2", "ES256")).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("unknown key id");
        assertThat(idp.jwksRequests.get()).as("within 30 s of the last fetch: no new request").isEqualTo(1);

        advance(Duration.ofSeconds(25));
        assertThat(keys.find("k2", "ES256").publicKey()).isEqualTo(second.pair().getPublic());
        assertThat(idp.jwksRequests.get()).isEqualTo(2);
        assertThat(keys.find("k1", "RS256")).isNotNull();
        assertThat(idp.jwksRequests.get()).isEqualTo(2);
    }

    @Test
    void aKeyOfTheWrongTypeForTheAlgorithmIsNotFound() throws Exception {
        SigningKeys keys = new SigningKeys(settings(idp.issuer(), idp.jwksUrl()), clock);
        assertThatThrownBy(() -> keys.find("k1", "ES256")).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aStaleKeySetIsRefreshedAndARemovedKeyStopsWorking() throws Exception {
        SigningKeys keys = new SigningKeys(settings(idp.issuer(), idp.jwksUrl()), clock, Duration.ofSeconds(30),
                Duration.ofHours(1));
        keys.find("k1", "RS256");
        idp.published.clear();
        idp.published.add(LocalIdentityProvider.rsa("k3", 2));
        advance(Duration.ofMinutes(61));
        assertThatThrownBy(() -> keys.find("k1", "RS256")).isInstanceOf(InvalidTokenException.class);
        assertThat(idp.jwksRequests.get()).isEqualTo(2);
    }

    @Test
    void whileTheProviderIsDownTheKnownKeysStayInUseAndFetchesStayRateLimited() throws Exception {
        SigningKeys keys = new SigningKeys(settings(idp.issuer(), idp.jwksUrl()), clock, Duration.ofSeconds(30),
                Duration.ofMinutes(5));
        keys.find("k1", "RS256");
        idp.jwksStatus = 503;
        advance(Duration.ofMinutes(6));
        for (int i = 0; i < 20; i++) {
            assertThat(keys.find("k1", "RS256")).isNotNull();
        }
        assertThat(idp.jwksRequests.get()).as("one failed refresh, then the rate limit").isEqualTo(2);
    }

    @Test
    void noKeysAtAllIsUnavailableNotInvalidAndSaysWhy() {
        idp.jwksStatus = 500;
        SigningKeys keys = new SigningKeys(settings(idp.issuer(), null), clock);
        assertThatThrownBy(() -> keys.find("k1", "RS256")).isInstanceOf(SigningKeysUnavailableException.class)
                .hasMessageContaining("HTTP 500");
        assertThatThrownBy(() -> keys.find("k1", "RS256")).isInstanceOf(SigningKeysUnavailableException.class);
        assertThat(idp.jwksRequests.get()).isEqualTo(1);
    }

    @Test
    void aDiscoveryDocumentForAnotherIssuerIsRefused() {
        // The stand-in's discovery document names its own issuer, not one with a trailing path.
        String configured = idp.issuer().replace("/realms/acme", "/realms/acme/");
        SigningKeys keys = new SigningKeys(settings(configured, null), clock);
        assertThatThrownBy(() -> keys.find("k1", "RS256")).isInstanceOf(SigningKeysUnavailableException.class)
                .hasMessageContaining("names the issuer");
        assertThat(idp.jwksRequests.get()).isZero();
    }

    @Test
    void anUnreachableProviderFailsWithinTheTimeout() {
        SigningKeys keys = new SigningKeys(settings("http://127.0.0.1:9/realms/x", "http://127.0.0.1:9/certs"),
                clock);
        assertThatThrownBy(() -> keys.find(null, "RS256")).isInstanceOf(SigningKeysUnavailableException.class)
                .hasMessageContaining("127.0.0.1:9/certs");
    }

    @Test
    void encryptionKeysWeakRsaKeysAndOffCurvePointsNeverVerify() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        java.security.interfaces.RSAPublicKey weak = (java.security.interfaces.RSAPublicKey) g.generateKeyPair()
                .getPublic();
        var doc = io.monitor.core.json.Json.MAPPER.readTree("""
                {"keys": [
                  {"kid": "enc", "kty": "RSA", "use": "enc", "alg": "RSA-OAEP", "n": "%s", "e": "AQAB"},
                  {"kid": "weak", "kty": "RSA", "use": "sig", "n": "%s", "e": "AQAB"},
                  {"kid": "bad-point", "kty": "EC", "crv": "P-256", "x": "%s", "y": "%s"},
                  {"kid": "p384", "kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"}
                ]}""".formatted(LocalIdentityProvider.b64(LocalIdentityProvider.unsigned(weak.getModulus())),
                LocalIdentityProvider.b64(LocalIdentityProvider.unsigned(weak.getModulus())),
                LocalIdentityProvider.b64(new byte[32]), LocalIdentityProvider.b64(new byte[32])));
        JsonWebKeys keys = JsonWebKeys.parse(doc);
        assertThat(keys.keys()).isEmpty();
        assertThat(keys.skipped()).hasSize(4).anyMatch(s -> s.contains("use 'enc'"))
                .anyMatch(s -> s.contains("too weak")).anyMatch(s -> s.contains("not on curve"))
                .anyMatch(s -> s.contains("P-384"));
        assertThat(List.of(keys.skipped().toString())).isNotEmpty();
    }
}
