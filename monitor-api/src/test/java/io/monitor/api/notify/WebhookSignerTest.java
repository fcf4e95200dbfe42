package io.monitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    private static final byte[] BODY = "{\"change\":\"opened\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
    private final WebhookSigner signer = new WebhookSigner("0123456789abcdef-secret");

    @Test
    void matchesAnIndependentlyComputedHmac() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        byte[] expected = mac.doFinal(("1795766400." + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        assertThat(signer.sign(1795766400L, BODY)).isEqualTo("v1=" + java.util.HexFormat.of().formatHex(expected));
    }

    @Test
    void verifiesFreshSignaturesAndRejectsTamperingReplayAndOtherSecrets() {
        long ts = NOW.getEpochSecond();
        String sig = signer.sign(ts, BODY);
        Duration tol = WebhookSigner.DEFAULT_TOLERANCE;
        assertThat(signer.verify(Long.toString(ts), sig, BODY, NOW.plusSeconds(30), tol)).isTrue();
        assertThat(signer.verify(Long.toString(ts), sig, "{\"change\":\"resolved\"}".getBytes(StandardCharsets.UTF_8),
                NOW, tol)).as("tampered body").isFalse();
        assertThat(signer.verify(Long.toString(ts), sig, BODY, NOW.plus(Duration.ofMinutes(6)), tol))
                .as("replayed later").isFalse();
        assertThat(signer.verify(Long.toString(ts + 1), sig, BODY, NOW, tol)).as("timestamp changed").isFalse();
        assertThat(new WebhookSigner("another-secret-of-16").verify(Long.toString(ts), sig, BODY, NOW, tol)).isFalse();
        assertThat(signer.verify(Long.toString(ts), "v1=zz", BODY, NOW, tol)).isFalse();
        assertThat(signer.verify(null, sig, BODY, NOW, tol)).isFalse();
    }

    @Test
    void shortSecretsAreRefused() {
        assertThatThrownBy(() -> new WebhookSigner("short")).hasMessageContaining("16");
    }
}
