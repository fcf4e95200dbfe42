package io.monitor.api.notify;

import io.monitor.api.incidents.Incident;
import io.monitor.core.model.Alert;
import io.monitor.core.model.AlertRules;
import io.monitor.core.model.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A realistic delivery, as the detector annotates a negative spike (see monitor-streams' AlertTracker). */
final class Deliveries {
    static final Instant STARTS = Instant.parse("2026-11-24T09:00:00Z");

    private Deliveries() {
    }

    static Incident incident(Severity severity, String state, String ackBy) {
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("summary", "Negative mentions of Acme Bahn spiked: 42 in 5m, 7.0x the usual 6.0");
        ann.put("description", "42 negative mentions of Acme Bahn in the last 5m ...");
        ann.put("observed", "42");
        ann.put("baseline", "6.00");
        ann.put("factor", "7.00");
        ann.put("window", "5m");
        ann.put("sample1", "Zug fällt schon wieder aus <3 & kein Ersatz — https://x.example/1");
        ann.put("sample2", "ICE 574 steht seit 2h — https://x.example/2");
        ann.put("sample3", "Danke für nichts @acmebahn — https://x.example/3");
        ann.put("sample4", "a fourth sample that is not shown");
        return new Incident("fp-42", "acme-bahn", AlertRules.NEGATIVE_VOLUME_SPIKE, severity, ann.get("summary"),
                ann.get("description"), Map.of("brand", "acme-bahn", "rule", AlertRules.NEGATIVE_VOLUME_SPIKE), ann, STARTS, null,
                STARTS, Alert.State.FIRING, state, ackBy, null, null, STARTS);
    }

    /**
     * An incident of {@code rule} with the annotations its detector writes (see {@link Messages}), with numbers
     * that show grouping and rounding, and no English summary, so both languages compose theirs from the numbers.
     */
    static Incident incident(String rule, Severity severity, String state, String ackBy, Alert.State alertState) {
        Map<String, String> ann = new LinkedHashMap<>();
        switch (rule) {
            case AlertRules.NEGATIVE_VOLUME_SPIKE -> {
                ann.put("observed", "1234");
                ann.put("baseline", "86.25");
                ann.put("factor", "14.31");
                ann.put("window", "5m");
            }
            case AlertRules.NEGATIVE_SHARE_SHIFT -> {
                ann.put("share", "0.125");
                ann.put("baselineShare", "0.042");
                ann.put("volume", "2480");
                ann.put("window", "15m");
            }
            case AlertRules.SILENCE -> {
                ann.put("observed", "3");
                ann.put("baseline", "142.5");
                ann.put("window", "15m");
            }
            case AlertRules.INGEST_OUTAGE -> {
                ann.put("connectors", "bluesky, mastodon");
                ann.put("observed", "0");
                ann.put("window", "15m");
            }
            case AlertRules.EMERGING_TERM -> {
                ann.put("term", "#zugausfall");
                ann.put("observed", "57");
                ann.put("baseline", "2.1");
                ann.put("factor", "27.14");
                ann.put("window", "10m");
            }
            case AlertRules.COPY_PASTE_STORM -> {
                ann.put("observed", "312");
                ann.put("authors", "287");
                ann.put("window", "1h");
            }
            case AlertRules.HIGH_REACH_AUTHOR -> {
                ann.put("author", "@tagesnews");
                ann.put("followers", "1843002");
                ann.put("platform", "bluesky");
            }
            default -> throw new IllegalArgumentException(rule);
        }
        ann.put("sample1", "Schon wieder kein Zug — https://x.example/9");
        return new Incident("fp-" + rule, "acme-bahn", rule, severity, null, null,
                Map.of("brand", "acme-bahn", "rule", rule), ann, STARTS, null, STARTS, alertState, state, ackBy, null,
                null, STARTS);
    }

    static Delivery delivery(String kind, Incident i) {
        return new Delivery(Delivery.VERSION, "d-1", "ch", kind, i, "Acme Bahn",
                "https://monitor.example.com/#incident=" + i.fingerprint(), STARTS);
    }

    static Delivery opened() {
        return delivery("opened", incident(Severity.CRITICAL, "open", null));
    }
}
