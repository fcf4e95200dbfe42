package io.monitor.api.notify;

import io.monitor.api.incidents.Incident;
import io.monitor.core.model.Alert;
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
        return new Incident("fp-42", "acme-bahn", "negative-spike", severity, ann.get("summary"),
                ann.get("description"), Map.of("brand", "acme-bahn", "rule", "negative-spike"), ann, STARTS, null,
                STARTS, Alert.State.FIRING, state, ackBy, null, null, STARTS);
    }

    static Delivery delivery(String kind, Incident i) {
        return new Delivery(Delivery.VERSION, "d-1", "ch", kind, i, "Acme Bahn",
                "https://monitor.example.com/#incident=" + i.fingerprint(), STARTS);
    }

    static Delivery opened() {
        return delivery("opened", incident(Severity.CRITICAL, "open", null));
    }
}
