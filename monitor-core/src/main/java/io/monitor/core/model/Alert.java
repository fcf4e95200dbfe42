package io.monitor.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert in the manner of Prometheus Alertmanager.
 *
 * <p>{@code labels} identify the alert (brand, rule, and what the rule needs to tell one incident from
 * another); their hash is the {@code fingerprint}, which is both the Kafka key and the dedup key of
 * notifications. {@code annotations} carry the human text (summary, description, numbers).
 * {@code startsAt}/{@code endsAt} carry the state: an alert with {@code endsAt == null} or in the
 * future is firing.
 */
public record Alert(
        int schemaVersion,
        String fingerprint,
        Map<String, String> labels,
        Map<String, String> annotations,
        Severity severity,
        Instant startsAt,
        Instant endsAt,
        Instant updatedAt,
        State state) {

    public static final int SCHEMA_VERSION = 1;
    public static final String LABEL_BRAND = "brand";
    public static final String LABEL_RULE = "rule";
    public static final String ANNOTATION_SUMMARY = "summary";
    public static final String ANNOTATION_DESCRIPTION = "description";

    public enum State { FIRING, RESOLVED }

    public Alert {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(state, "state");
        labels = Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        if (fingerprint == null) {
            fingerprint = fingerprint(labels);
        }
        if (updatedAt == null) {
            updatedAt = startsAt;
        }
    }

    /** A firing alert whose fingerprint is derived from its labels. */
    public static Alert firing(Map<String, String> labels, Map<String, String> annotations, Severity severity,
                               Instant startsAt) {
        return new Alert(SCHEMA_VERSION, null, labels, annotations, severity, startsAt, null, startsAt, State.FIRING);
    }

    public Alert resolved(Instant at, Map<String, String> newAnnotations) {
        return new Alert(schemaVersion, fingerprint, labels, newAnnotations == null ? annotations : newAnnotations,
                severity, startsAt, at, at, State.RESOLVED);
    }

    public Alert updated(Map<String, String> newAnnotations, Severity newSeverity, Instant at) {
        return new Alert(schemaVersion, fingerprint, labels, newAnnotations, newSeverity, startsAt, endsAt, at, state);
    }

    public String brand() {
        return labels.get(LABEL_BRAND);
    }

    public String rule() {
        return labels.get(LABEL_RULE);
    }

    /**
     * A stable hash of the identity labels: SHA-256 over the sorted {@code name=value} pairs, first 16 hex digits
     * (as Alertmanager does with its 64-bit fingerprint).
     */
    public static String fingerprint(Map<String, String> labels) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0xff);
                sha.update(String.valueOf(e.getValue()).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0xff);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
