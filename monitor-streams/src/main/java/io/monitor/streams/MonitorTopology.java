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
import io.monitor.streams.topology.CrisisTopology;
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
 *     projection (BrandMention) by brand ─► late guard (too late: counted, logged) ─┬─► 1-minute tumbling aggregates
 *                 ─► window store {@value #TIMELINE_STORE} (timeline API)          │   (counts, reach, engagement,
 *                 ─► roll-up (TimelineRollup) ─► 5-minute and 1-hour stores        │   authors, top terms/tags/authors)
 *     detection.advance-sized panes {@value #SPIKE_WINDOWS_STORE} ◄──────────────────┤
 *          ─► spike detector (sums the panes of detection.window; state {@value #SPIKE_STATE_STORE})
 *               ├─ negative_volume_spike: robust recent baseline, rescaled by the brand's hour-of-week profile
 *               │    (seasonal, after detectors.seasonal.minDays), negative-binomial test
 *               ├─ negative_share_shift: negative share vs the brand's usual share, binomial test (own incident)
 *               └─ planned events: MUTE (no new alert) / RAISE (thresholds × factor); their panes stay out of baselines
 *          ─► monitor.alerts (key: fingerprint)
 *     crisis rules (state {@value #CRISIS_STATE_STORE}) ◄────────────────────────────────┘
 *          (snapshot every advance; journal {@value #CRISIS_JOURNAL_STORE} of each mention's changes in between)
 *          high reach: a negative post by an author with highReach.minFollowers, at once
 *          every advance: emerging terms and copy-paste storms (negative posts of detection.window against each
 *            term's and near-duplicate text's own baseline); silence (all mentions of silence.window against
 *            earlier windows) ─┬─ connectors serving the brand healthy ─► silence
 *                              └─ a connector DOWN/DEGRADED/stale ─► ingest outage (not silence)
 *          ─► monitor.alerts (key: fingerprint); unreadable heartbeats ─► monitor.deadletter
 *     monitor.ingest.health ─► global store {@value #CONNECTOR_HEALTH_STORE} (last heartbeat per connector, read
 *                              by the crisis rules)
 *
 *  monitor.planned-events (bytes, 1 partition) ─► global store {@value #PLANNED_EVENTS_STORE} (every instance: all
 *          events; a record that does not decode or fails PlannedEvent.check is kept as rejected)
 *     rejected entries ─► (task 0 of the first sub-topology, once each: {@value #PLANNED_EVENTS_DEAD_LETTER_STORE})
 *          ─► monitor.deadletter (key: monitor.planned-events, with the reason)
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
    /** 5-minute windows of {@code TimelineCounts} per brand, rolled up from the 1-minute ones; retention 7 days. */
    public static final String TIMELINE_5M_STORE = "brand-timeline-5m";
    /** 1-hour windows of {@code TimelineCounts} per brand, rolled up from the 5-minute ones; retention 35 days. */
    public static final String TIMELINE_1H_STORE = "brand-timeline-1h";
    /** 5-minute windows whose 1-minute windows changed since the last roll-up (key {@code start@brand}). */
    public static final String TIMELINE_ROLLUP_PENDING_STORE = "brand-timeline-rollup-pending";
    /** Per-brand aggregates ({@code BrandWindow}) of {@code detection.advance}-sized panes feeding the spike detector. */
    public static final String SPIKE_WINDOWS_STORE = "brand-detection-panes";
    /** Per-brand baseline and open incident of the spike detector. */
    public static final String SPIKE_STATE_STORE = "brand-spike-state-panes";
    /**
     * Global store of {@code monitor.planned-events} (key event id, value {@code PlannedEventEntry}: the event, or
     * a rejected record with its reason); every instance holds all of it.
     */
    public static final String PLANNED_EVENTS_STORE = "planned-events";
    /** Highest offset of a rejected planned-event record already published as a dead letter. */
    public static final String PLANNED_EVENTS_DEAD_LETTER_STORE = "planned-events-dead-letter-offsets";
    /** Per-brand state of the silence, outage, emerging-term, copy-paste and high-reach rules ({@code CrisisState}). */
    public static final String CRISIS_STATE_STORE = "brand-crisis-state";
    /**
     * Write-ahead journal of the crisis rules: what each mention changed in a brand's {@code CrisisState} since its
     * last snapshot in {@value #CRISIS_STATE_STORE} (compact binary entries, cached store: committed with the
     * mentions' offsets), replayed on load so that a crash between two snapshots loses nothing committed.
     */
    public static final String CRISIS_JOURNAL_STORE = "brand-crisis-journal";
    /** Global store: the last heartbeat of every connector (raw {@code monitor.ingest.health} values, key connector id). */
    public static final String CONNECTOR_HEALTH_STORE = "connector-health";
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
        return Topologies.build(catalog, d, CrisisTopology.connectors(settings), scorer, languages, registry);
    }
}
