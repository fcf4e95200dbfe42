package io.monitor.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.monitor.core.config.DetectionSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.LanguageDetectors;
import io.monitor.sentiment.SentimentScorer;
import io.monitor.sentiment.SentimentScorers;
import io.monitor.streams.topology.BrandCatalog;
import io.monitor.streams.topology.Topologies;
import org.apache.kafka.streams.Topology;

/**
 * The one factory of the Kafka Streams topology. It builds and does nothing else (no threads, no I/O).
 *
 * <pre>
 *  monitor.mentions.raw (bytes) ─► decode ─┬─► unreadable ─► monitor.deadletter (DeadLetter with the reason)
 *                                          └─► dedup by platform:id ─► match brands (unmatched: counted, dropped)
 *                                               ─► language ─► sentiment ─► monitor.mentions.enriched (key: brand id,
 *                                                                              one record per matched brand)
 *     projection (BrandMention) by brand ─► late guard (too late: counted, logged) ─┬─► 1-minute tumbling counts
 *                 ─► window store {@value #TIMELINE_STORE} (timeline API)          │
 *     detection.advance-sized panes {@value #SPIKE_WINDOWS_STORE} ◄──────────────────┘
 *          ─► spike detector (sums the panes of detection.window; state {@value #SPIKE_STATE_STORE})
 *          ─► monitor.alerts (key: fingerprint)
 *
 *  monitor.brands (global store {@value #BRAND_STORE}) ─► BrandCatalog: configured brands overlaid with run-time
 *      changes; the match step asks it per mention; unusable definitions ─► monitor.deadletter (from partition 0's task)
 * </pre>
 * Run it with {@link StreamsService}; test it with {@code TopologyTestDriver}.
 */
public final class MonitorTopology {
    /**
     * 1-minute tumbling window store of {@code TimelineCounts} per brand, retention {@code detection.stateRetention};
     * a window accepts late mentions for {@code detection.allowedLateness} of stream time after its end.
     */
    public static final String TIMELINE_STORE = "brand-timeline-1m";
    /** Per-brand aggregates ({@code BrandWindow}) of {@code detection.advance}-sized panes feeding the spike detector. */
    public static final String SPIKE_WINDOWS_STORE = "brand-detection-panes";
    /** Per-brand baseline and open incident of the spike detector. */
    public static final String SPIKE_STATE_STORE = "brand-spike-state-panes";
    /** Keys of recently seen mentions ({@code detection.dedupRetention}), to drop re-ingested duplicates. */
    public static final String DEDUP_STORE = "mention-dedup";
    /** Global store of the run-time brand definitions in force ({@code monitor.brands}), raw JSON by brand id. */
    public static final String BRAND_STORE = "brand-definitions";
    /** Offsets of rejected brand definitions already dead-lettered (so a restart does not report them again). */
    public static final String BRAND_REJECTIONS_STORE = "brand-definition-rejections";

    private MonitorTopology() {
    }

    /** The topology with the configured sentiment scorer ({@code sentiment.scorer}) and the default language detector. */
    public static Topology build(MonitorSettings settings) {
        return build(settings, SentimentScorers.create(settings.sentiment().scorer()), LanguageDetectors.defaultDetector());
    }

    public static Topology build(MonitorSettings settings, SentimentScorer scorer, LanguageDetector languages) {
        return build(settings, scorer, languages, Metrics.globalRegistry);
    }

    /**
     * @throws io.monitor.core.config.SettingsException when a brand query does not parse (names the brand and column)
     */
    public static Topology build(MonitorSettings settings, SentimentScorer scorer, LanguageDetector languages,
                                 MeterRegistry registry) {
        // Configured brands first (a broken query stops start-up), overlaid at run time by monitor.brands.
        BrandCatalog catalog = BrandCatalog.of(settings.brands());
        DetectionSettings d = settings.detection();
        return Topologies.build(catalog, d, scorer, languages, registry);
    }
}
