package io.monitor.api.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs generic webhook deliveries so receivers can check they come from us and are fresh.
 *
 * <p>Headers: {@value #TIMESTAMP_HEADER} = Unix seconds of sending, {@value #SIGNATURE_HEADER} =
 * {@code v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}. A receiver recomputes the HMAC over the raw body,
 * compares in constant time and rejects timestamps older than a few minutes (replay). Pure; thread-safe.
 */
public final class WebhookSigner {
    public static final String TIMESTAMP_HEADER = "X-Monitor-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Monitor-Signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final byte[] secret;

    public WebhookSigner(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("webhook signing secrets must have at least 16 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@value #SIGNATURE_HEADER} value for {@code body} sent at {@code timestamp}. */
    public String sign(long timestampSeconds, byte[] body) {
        return "v1=" + HexFormat.of().formatHex(hmac(timestampSeconds, body));
    }

    /** True when the signature matches and the timestamp is within {@code tolerance} of {@code now}. */
    public boolean verify(String timestampHeader, String signatureHeader, byte[] body, Instant now, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || !signatureHeader.startsWith("v1=")) {
            return false;
        }
        long ts;
        byte[] presented;
        try {
            ts = Long.parseLong(timestampHeader.trim());
            presented = HexFormat.of().parseHex(signatureHeader.substring(3).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(hmac(ts, body), presented);
    }

    private byte[] hmac(long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }
}
