package io.monitor.api.notify;

import io.monitor.api.incidents.Incident;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One notification to deliver to one channel: the value of a {@code Topics.NOTIFICATIONS_OUTBOX} record (as JSON;
 * key {@code channel:fingerprint}). Written before anything is sent, so it survives restarts.
 *
 * @param deliveryId   stable across retries and across API instances that decide the same thing, so the sender and
 *                     receivers can drop duplicates (also the webhook's {@code X-Monitor-Delivery})
 * @param kind         the change (opened, escalated, acknowledged, resolved, ...), {@code reminder} or
 *                     {@code escalation}
 * @param brandName    the brand's display name (the id when none is configured)
 * @param dashboardUrl {@code api.publicUrl + "/#incident=" + fingerprint}
 */
public record Delivery(int version, String deliveryId, String channel, String kind, Incident incident,
                       String brandName, String dashboardUrl, Instant createdAt) {
    public static final int VERSION = 1;

    /** The outbox key: one channel's deliveries for one incident share a partition, so they keep their order. */
    public String key() {
        return channel + ":" + incident.fingerprint();
    }

    /** A delivery id derived from what was decided, so two instances deciding the same thing produce the same id. */
    public static String idFor(String channel, String kind, Incident incident, String stamp) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String s = channel + "|" + incident.fingerprint() + "|" + kind + "|" + stamp;
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
