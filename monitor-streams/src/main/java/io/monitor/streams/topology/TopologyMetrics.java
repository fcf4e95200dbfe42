package io.monitor.streams.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topology's Micrometer meters. Tags are bounded: platform (known names, else "other"), brand id (from the
 * configuration), stage, rule and state; never post ids or text.
 */
public final class TopologyMetrics {
    private static final Set<String> PLATFORMS = Set.of("bluesky", "mastodon", "x", "reddit", "hackernews", "rss",
            "youtube", "meta", "demo", "file", "push");

    private final MeterRegistry registry;
    // Per-mention counters are looked up once per tag value (registering on every mention cost ~3% of the thread).
    private final Map<String, Counter> matchedByBrand = new ConcurrentHashMap<>();
    private final Map<String, Counter> unmatchedByPlatform = new ConcurrentHashMap<>();

    public TopologyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void unmatched(String platform) {
        unmatchedByPlatform.computeIfAbsent(platform(platform), p -> Counter.builder("monitor.streams.mentions.unmatched")
                .description("mentions that matched no brand query").tag("platform", p).register(registry)).increment();
    }

    public void matched(String brand) {
        matchedByBrand.computeIfAbsent(brand, b -> Counter.builder("monitor.streams.mentions.matched")
                .description("enriched mentions published, per brand").tag("brand", b).register(registry)).increment();
    }

    public void deadLetter(String stage) {
        Counter.builder("monitor.streams.deadletters").description("records sent to the dead-letter topic")
                .tag("stage", stage).register(registry).increment();
    }

    public void duplicate() {
        Counter.builder("monitor.streams.mentions.duplicates").description("re-ingested mentions dropped by key")
                .register(registry).increment();
    }

    public void late(String brand) {
        Counter.builder("monitor.streams.mentions.late")
                .description("mentions that arrived after detection.allowedLateness and were left out of the windowed aggregates")
                .tag("brand", brand).register(registry).increment();
    }

    public void lateWindowUpdate() {
        Counter.builder("monitor.streams.windows.late")
                .description("updates of windows older than the current one (late mentions): kept in the baseline, not alerted on")
                .register(registry).increment();
    }

    public void alert(String brand, String rule, String state) {
        Counter.builder("monitor.streams.alerts").description("alert records published")
                .tag("brand", brand).tag("rule", rule).tag("state", state.toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    static String platform(String p) {
        String l = p == null ? "" : p.toLowerCase(Locale.ROOT);
        return PLATFORMS.contains(l) ? l : "other";
    }
}
