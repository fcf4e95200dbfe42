package io.monitor.streams.detect;

import io.monitor.core.json.Durations;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The lifecycle of one brand's negative-spike alert, Alertmanager-style, as a pure function of decisions and time.
 *
 * <ul>
 *   <li>The first spike decision publishes a FIRING alert (fingerprint of {@code brand} + {@code rule}).</li>
 *   <li>While firing, a new record is published only when the severity rises (escalation), or, with grown numbers,
 *       at most once per {@code repeatInterval} (never zero): a burst of 1,000 posts gives one to three records, not
 *       a thousand.</li>
 *   <li>After {@code resolveAfter} without the condition holding, a RESOLVED alert with {@code endsAt} is published,
 *       and the next spike starts a new incident (same fingerprint, new {@code startsAt}).</li>
 * </ul>
 * Times are event times (ms) chosen by the caller.
 */
public final class AlertTracker {
    public static final String RULE = "negative_volume_spike";

    private final Duration window;
    private final long resolveAfterMs;
    private final long repeatIntervalMs;

    public AlertTracker(Duration window, Duration resolveAfter, Duration repeatInterval) {
        if (repeatInterval.isZero() || repeatInterval.isNegative() || resolveAfter.isZero() || resolveAfter.isNegative()) {
            throw new IllegalArgumentException("repeatInterval and resolveAfter must be positive");
        }
        this.window = window;
        this.resolveAfterMs = resolveAfter.toMillis();
        this.repeatIntervalMs = repeatInterval.toMillis();
    }

    /** What to do after a decision. */
    public record Step(IncidentState state, List<Alert> publish) {
        static Step of(IncidentState state, Alert a) {
            return new Step(state, a == null ? List.of() : List.of(a));
        }
    }

    /**
     * @param state       the open incident or null
     * @param now         event time of the evaluation (ms)
     * @param brandId     brand id (label)
     * @param brandName   display name (text)
     * @param threshold   the smallest count that would have fired (explanations only; asked only when publishing)
     * @param evidence    sample posts and terms (asked only when publishing)
     */
    public Step onDecision(IncidentState state, long now, String brandId, String brandName,
                           NegativeSpikeDetector.Decision d, LongSupplier threshold, Supplier<Evidence> evidence) {
        Alert resolved = null;
        if (state != null && now - state.lastTrue() >= resolveAfterMs) {
            // Quiet long enough before this evaluation (no tick came in between): close the old incident first.
            resolved = onTick(state, now).publish().get(0);
            state = null;
        }
        if (!d.spike()) {
            return Step.of(state, resolved);
        }
        if (state == null) {
            Alert a = Alert.firing(labels(brandId), annotations(brandName, d, threshold.getAsLong(), evidence.get()),
                    d.severity(), Instant.ofEpochMilli(now));
            IncidentState next = new IncidentState(a, now, now, d.observed());
            return resolved == null ? Step.of(next, a) : new Step(next, List.of(resolved, a));
        }
        long peak = Math.max(state.peak(), d.observed());
        Alert current = state.alert();
        boolean escalation = d.severity().compareTo(current.severity()) > 0;
        boolean refresh = now - state.lastEmit() >= repeatIntervalMs && d.observed() > observedOf(current);
        if (escalation || refresh) {
            Severity sev = escalation ? d.severity() : current.severity();
            Alert a = current.updated(annotations(brandName, d, threshold.getAsLong(), evidence.get()), sev,
                    Instant.ofEpochMilli(now));
            return Step.of(new IncidentState(a, now, now, peak), a);
        }
        return Step.of(new IncidentState(current, now, state.lastEmit(), peak), null);
    }

    /** On a clock tick: resolves the incident when the condition has not held for {@code resolveAfter}. */
    public Step onTick(IncidentState state, long now) {
        if (state == null || now - state.lastTrue() < resolveAfterMs) {
            return Step.of(state, null);
        }
        Alert current = state.alert();
        Map<String, String> ann = new LinkedHashMap<>(current.annotations());
        Instant endsAt = Instant.ofEpochMilli(now);
        ann.put(Alert.ANNOTATION_SUMMARY, "Resolved: " + current.annotations().getOrDefault(Alert.ANNOTATION_SUMMARY, ""));
        ann.put("resolution", String.format(Locale.ROOT, "No spike since %s (quiet for %s); peak was %d negatives in %s.",
                Instant.ofEpochMilli(state.lastTrue()), Durations.format(Duration.ofMillis(resolveAfterMs)), state.peak(),
                Durations.format(window)));
        return Step.of(null, current.resolved(endsAt, ann));
    }

    /**
     * The same lifecycle for any rule (the negative-share shift and the detectors beside it): the caller says
     * whether the condition holds, how severe it is, the count that grows while the incident grows, and builds the
     * annotations (asked only when publishing). Labels carry the rule, so each rule is its own incident.
     */
    public Step onSignal(IncidentState state, long now, Map<String, String> labels, boolean holds, Severity severity,
                         long observed, Supplier<Map<String, String>> annotations) {
        Alert resolved = null;
        if (state != null && now - state.lastTrue() >= resolveAfterMs) {
            resolved = onTick(state, now).publish().get(0);
            state = null;
        }
        if (!holds) {
            return Step.of(state, resolved);
        }
        if (state == null) {
            Alert a = Alert.firing(labels, annotations.get(), severity, Instant.ofEpochMilli(now));
            IncidentState next = new IncidentState(a, now, now, observed);
            return resolved == null ? Step.of(next, a) : new Step(next, List.of(resolved, a));
        }
        long peak = Math.max(state.peak(), observed);
        Alert current = state.alert();
        boolean escalation = severity.compareTo(current.severity()) > 0;
        boolean refresh = now - state.lastEmit() >= repeatIntervalMs && observed > observedOf(current);
        if (escalation || refresh) {
            Alert a = current.updated(annotations.get(), escalation ? severity : current.severity(), Instant.ofEpochMilli(now));
            return Step.of(new IncidentState(a, now, now, peak), a);
        }
        return Step.of(new IncidentState(current, now, state.lastEmit(), peak), null);
    }

    /** Identity labels of a brand's alert of {@code rule} (one of {@code AlertRules}). */
    public static Map<String, String> labels(String brandId, String rule) {
        return Map.of(Alert.LABEL_BRAND, brandId, Alert.LABEL_RULE, rule);
    }

    public static Map<String, String> labels(String brandId) {
        return Map.of(Alert.LABEL_BRAND, brandId, Alert.LABEL_RULE, RULE);
    }

    public static String fingerprint(String brandId) {
        return Alert.fingerprint(labels(brandId));
    }

    private static long observedOf(Alert a) {
        try {
            return Long.parseLong(a.annotations().getOrDefault("observed", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Map<String, String> annotations(String brandName, NegativeSpikeDetector.Decision d, long threshold, Evidence ev) {
        NegativeSpikeDetector.Baseline b = d.baseline();
        String w = Durations.format(window);
        Map<String, String> a = new LinkedHashMap<>();
        a.put(Alert.ANNOTATION_SUMMARY, String.format(Locale.ROOT, "Negative mentions of %s spiked: %d in %s, %.1fx the usual %.1f",
                brandName, d.observed(), w, d.factor(), b.expected()));
        StringBuilder desc = new StringBuilder();
        desc.append(String.format(Locale.ROOT,
                "%d negative mentions of %s in the last %s, against an expected %.1f (robust mean of %d earlier %s windows"
                        + "%s). That is %.1fx the baseline; the alert threshold was %d. Chance of this many under the usual"
                        + " level: p=%.2g (negative binomial tail).",
                d.observed(), brandName, w, b.expected(), b.windows(), w,
                b.excluded() > 0 ? ", " + b.excluded() + " earlier spike window(s) left out" : "",
                d.factor(), threshold, d.pValue()));
        if (d.note() != null) {
            desc.append(" Adjusted: ").append(d.note()).append('.');
        }
        if (!ev.topTerms().isEmpty()) {
            desc.append(" Top terms: ").append(String.join(", ", ev.topTerms())).append('.');
        }
        if (!ev.samples().isEmpty()) {
            desc.append(" Sample posts: ");
            for (int i = 0; i < ev.samples().size(); i++) {
                desc.append(i == 0 ? "" : " | ").append(ev.samples().get(i));
            }
        }
        if (!ev.topAuthors().isEmpty()) {
            desc.append(" Top authors by reach: ").append(String.join(", ", ev.topAuthors())).append('.');
        }
        a.put(Alert.ANNOTATION_DESCRIPTION, desc.toString());
        a.put("observed", Long.toString(d.observed()));
        a.put("baseline", String.format(Locale.ROOT, "%.2f", b.expected()));
        a.put("factor", String.format(Locale.ROOT, "%.2f", d.factor()));
        a.put("threshold", Long.toString(threshold));
        a.put("pValue", String.format(Locale.ROOT, "%.3g", d.pValue()));
        a.put("window", w);
        a.put("method", "robust baseline (median/MAD outlier cut) + negative binomial tail");
        if (d.note() != null) {
            a.put("adjustment", d.note());
        }
        if (!ev.topTerms().isEmpty()) {
            a.put("topTerms", String.join(", ", ev.topTerms()));
        }
        for (int i = 0; i < ev.samples().size(); i++) {
            a.put("sample" + (i + 1), ev.samples().get(i));
        }
        if (!ev.topHashtags().isEmpty()) {
            a.put("topHashtags", String.join(", ", ev.topHashtags()));
        }
        if (!ev.topAuthors().isEmpty()) {
            a.put("topAuthors", String.join(", ", ev.topAuthors()));
        }
        return a;
    }
}
