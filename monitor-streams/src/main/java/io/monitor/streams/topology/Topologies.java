package io.monitor.streams.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.core.config.DetectionSettings;
import io.monitor.core.json.JsonSerde;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.SentimentScorer;
import io.monitor.streams.MonitorTopology;
import io.monitor.streams.detect.IngestHealth;
import io.monitor.streams.query.BrandMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Builds the DSL graph for {@link MonitorTopology}; separate so the public factory stays a readable summary.
 *
 * <p><b>Timeline windows (1 minute, 5 minutes, 1 hour).</b> Only the 1-minute windows are aggregated per mention
 * ({@link TimelineCounts}: counts, reach, engagement, a distinct-author sketch and three top-k sketches, 1-4 KB in
 * {@link TimelineCountsCodec}'s binary format). The record cache stores bytes, so each windowed aggregation costs a
 * decode and an encode of its value per mention (about 3-5 µs with the sketches, see {@code TimelineBench}): three
 * windowed aggregations would pay that three times at 20,000 mentions/s. A merge at query time alone does not serve
 * an hour over weeks (60 minutes x 24 x 35 values per brand, and a 1-minute store kept 35 days). So the 5-minute and
 * 1-hour windows are stored roll-ups, recomputed from their parts off the per-mention path by {@link TimelineRollup}
 * (every 5 s of wall-clock time and every minute of stream time, for the windows whose minutes changed), in their own
 * window stores with their own retention: 1 minute {@code detection.stateRetention} (24 h by default), 5 minutes
 * {@code detection.timelineRetention5m} (7 days), 1 hour {@code detection.timelineRetention1h} (35 days). Their points trail the
 * 1-minute ones by at most the roll-up period; late mentions reach them at the next roll-up.
 */
public final class Topologies {
    public static final JsonSerde<TimelineCounts> TIMELINE_SERDE = JsonSerde.of(TimelineCounts.class);
    public static final JsonSerde<BrandWindow> WINDOW_SERDE = JsonSerde.of(BrandWindow.class);
    public static final JsonSerde<BrandState> STATE_SERDE = JsonSerde.of(BrandState.class);

    /** Size of the smallest timeline windows, aggregated per mention. */
    public static final Duration TIMELINE_WINDOW = Duration.ofMinutes(1);
    /** The rolled-up timeline windows. */
    public static final Duration TIMELINE_5M = Duration.ofMinutes(5);
    public static final Duration TIMELINE_1H = Duration.ofHours(1);
    /** Retention of the detection panes (also lets a person query the last half hour of them). */
    static final Duration DETECTION_RETENTION = Duration.ofMinutes(30);

    private Topologies() {
    }

    /** With a fixed set of brands to start from (run-time changes from {@code monitor.brands} still apply). */
    public static Topology build(BrandMatcher matcher, Map<String, String> brandNames, DetectionSettings d,
                                 SentimentScorer scorer, LanguageDetector languages, MeterRegistry registry) {
        return build(BrandCatalog.of(matcher, brandNames), d, null, scorer, languages, registry);
    }

    /** @param connectors the configured connectors for the silence/outage rule (null: every one with a heartbeat) */
    public static Topology build(BrandMatcher matcher, Map<String, String> brandNames, DetectionSettings d,
                                 List<IngestHealth.Connector> connectors, SentimentScorer scorer, LanguageDetector languages,
                                 MeterRegistry registry) {
        return build(BrandCatalog.of(matcher, brandNames), d, connectors, scorer, languages, registry);
    }

    /**
     * The topology over {@code catalog}: the configured brands, overlaid at run time by {@code monitor.brands} through
     * a global store (see {@link BrandCatalog}); one catalog per topology (it is the state of one running instance).
     *
     * @param connectors the configured connectors for the silence/outage rule (null: every one with a heartbeat)
     */
    public static Topology build(BrandCatalog catalog, DetectionSettings d, List<IngestHealth.Connector> connectors,
                                 SentimentScorer scorer, LanguageDetector languages, MeterRegistry registry) {
        // Display names in alerts follow run-time brand changes: a live view instead of a fixed map.
        Map<String, String> brandNames = catalog.names();
        TopologyMetrics metrics = new TopologyMetrics(registry);
        StreamsBuilder builder = new StreamsBuilder();
        Duration dedup = d.dedupRetention();

        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(MonitorTopology.DEDUP_STORE, EnrichProcessor.dedupStoreRetention(dedup), dedup, false),
                Serdes.String(), Serdes.Long()));
        // A handful of entries: in memory (restored from its changelog at start), no RocksDB instance per task.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(MonitorTopology.BRAND_REJECTIONS_STORE), Serdes.String(), Serdes.Long()));
        // Run-time brands: every instance reads all of monitor.brands (one partition) into a global store; its
        // processor keeps the catalog in step (also while the store is restored at start, which re-reads the topic).
        // In memory and without a changelog, as global stores are: the topic is the store's log.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MonitorTopology.BRAND_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                Topics.BRANDS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("brands"),
                () -> new BrandDefinitionsProcessor(catalog, MonitorTopology.BRAND_STORE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MonitorTopology.SPIKE_STATE_STORE), Serdes.String(), STATE_SERDE));
        // Planned events: every instance reads the whole (one-partition, compacted) topic into a global store; raw
        // bytes in, so a broken record becomes a rejected entry (published as a dead letter below), not a crash.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MonitorTopology.PLANNED_EVENTS_STORE),
                        Serdes.String(), PlannedEventEntry.SERDE).withLoggingDisabled(),
                Topics.PLANNED_EVENTS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("planned-events"),
                () -> new PlannedEventsUpdater(MonitorTopology.PLANNED_EVENTS_STORE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MonitorTopology.PLANNED_EVENTS_DEAD_LETTER_STORE), Serdes.String(), Serdes.Long()));

        // Raw bytes in: a record that does not decode becomes a dead letter instead of stopping the stream.
        KStream<String, Routed> routed = builder
                .stream(Topics.MENTIONS_RAW.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("mentions-raw"))
                .process(() -> new EnrichProcessor(catalog, scorer, languages, metrics, MonitorTopology.DEDUP_STORE, dedup,
                                MonitorTopology.BRAND_REJECTIONS_STORE),
                        Named.as("decode-dedup-match-enrich"), MonitorTopology.DEDUP_STORE, MonitorTopology.BRAND_REJECTIONS_STORE);

        // The enrich step forwards each record to the children it is for, by name (see EnrichProcessor): dead letters to
        // the dead-letter topic and the planned-event check, enriched mentions to their topic and the projection. (A
        // split() here cost two extra nodes per record: the branch and its pass-through.)
        routed.mapValues(Routed::deadLetter, Named.as(EnrichProcessor.DEAD_LETTER_VALUE))
                .to(Topics.DEAD_LETTERS.name(), Produced.with(Topics.DEAD_LETTERS.keySerde(), Topics.DEAD_LETTERS.valueSerde())
                        .withName("dead-letters"));
        routed.process(() -> new PlannedEventDeadLetters(MonitorTopology.PLANNED_EVENTS_STORE,
                        MonitorTopology.PLANNED_EVENTS_DEAD_LETTER_STORE, d.advance(), metrics),
                        Named.as(EnrichProcessor.PLANNED_EVENT_DEAD_LETTERS), MonitorTopology.PLANNED_EVENTS_DEAD_LETTER_STORE)
                .to(Topics.DEAD_LETTERS.name(), Produced.with(Topics.DEAD_LETTERS.keySerde(), Topics.DEAD_LETTERS.valueSerde())
                        .withName("planned-event-dead-letters-out"));
        // The roll-up's stores: 5-minute and 1-hour windows (written by TimelineRollup only) and its pending notes.
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(MonitorTopology.TIMELINE_5M_STORE,
                timelineRetention(d, TIMELINE_5M), TIMELINE_5M, false), Serdes.String(), TimelineCountsCodec.SERDE));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(MonitorTopology.TIMELINE_1H_STORE,
                timelineRetention(d, TIMELINE_1H), TIMELINE_1H, false), Serdes.String(), TimelineCountsCodec.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(MonitorTopology.TIMELINE_ROLLUP_PENDING_STORE), Serdes.String(), Serdes.Long()));
        routed.mapValues(Routed::mention, Named.as(EnrichProcessor.MENTION_VALUE))
                .to(Topics.MENTIONS_ENRICHED.name(), Produced.with(Topics.MENTIONS_ENRICHED.keySerde(),
                        MentionCodec.ENRICHED_SERDE).withName("mentions-enriched")); // the serde's bytes, written faster

        // Only the small projection the aggregates need crosses the by-brand repartition topic (see BrandMention).
        // Its name differs from the earlier full-Mention topic ("by-brand"), as do the pane store and the spike
        // state's names, so an upgraded instance never reads records or state of the older shape.
        KStream<String, BrandMention> brandMentions = routed
                .mapValues(r -> r.projection(), Named.as(EnrichProcessor.BRAND_PROJECTION))
                .repartition(Repartitioned.with(Serdes.String(), BrandMention.SERDE).withName("by-brand-projection"))
                .processValues(() -> new LateGuard(TIMELINE_WINDOW, d.allowedLateness(), metrics), Named.as("late-guard"));
        KGroupedStream<String, BrandMention> byBrand = brandMentions
                .groupByKey(Grouped.with("by-brand-grouped", Serdes.String(), BrandMention.SERDE));

        // Connectors that poll, reconnect or backfill deliver posts minutes late, and partitions interleave: the
        // timeline keeps a window open for allowedLateness of stream time after it ends (LateGuard counts the rest).
        // The 1-minute windows are aggregated per mention; the 5-minute and 1-hour ones are rolled up from them
        // (TimelineRollup), so a mention pays for one aggregate value, not three. The 1-minute retention also covers
        // a 5-minute window plus the lateness, so a roll-up always finds all five of its minutes.
        byBrand.windowedBy(TimeWindows.ofSizeAndGrace(TIMELINE_WINDOW, d.allowedLateness()))
                .aggregate(TimelineCounts::new, (brand, m, agg) -> agg.add(m), Named.as("timeline-1m"),
                        Materialized.<String, TimelineCounts, WindowStore<Bytes, byte[]>>as(MonitorTopology.TIMELINE_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(TimelineCountsCodec.SERDE)
                                .withRetention(timelineRetention(d, TIMELINE_WINDOW)))
                .toStream(Named.as("timeline-1m-updates"))
                .process(() -> new TimelineRollup(MonitorTopology.TIMELINE_STORE, MonitorTopology.TIMELINE_5M_STORE,
                                MonitorTopology.TIMELINE_1H_STORE, MonitorTopology.TIMELINE_ROLLUP_PENDING_STORE),
                        Named.as("timeline-rollup"), MonitorTopology.TIMELINE_STORE, MonitorTopology.TIMELINE_5M_STORE,
                        MonitorTopology.TIMELINE_1H_STORE, MonitorTopology.TIMELINE_ROLLUP_PENDING_STORE);

        // Detection counts per pane (one advance-sized tumbling window): one store update per mention instead of
        // window/advance overlapping hopping windows; the detector sums the panes of a window. The pane grace is
        // the timeline's plus one timeline window, so that every mention the LateGuard lets through is counted here
        // too and the baseline (history) stays complete. Late pane updates do not raise alerts: the detector only
        // alerts on the window ending with the current pane (see SpikeProcessor), older ones only feed the history,
        // so a backfill never re-fires an old window as a new incident.
        Duration paneGrace = d.allowedLateness().plus(TIMELINE_WINDOW);
        byBrand.windowedBy(TimeWindows.ofSizeAndGrace(d.advance(), paneGrace))
                .aggregate(BrandWindow::new, (brand, m, agg) -> agg.add(m), Named.as("detection-panes"),
                        Materialized.<String, BrandWindow, WindowStore<Bytes, byte[]>>as(MonitorTopology.SPIKE_WINDOWS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(BrandWindowCodec.SERDE) // binary; reads the JSON of before
                                // Longer than the panes need: a segmented store opens a new RocksDB segment every
                                // retention/2, and with the bare minimum that churn dominated the cost.
                                .withRetention(max(d.window().plus(paneGrace), DETECTION_RETENTION)))
                .toStream(Named.as("detection-pane-updates"))
                .process(() -> new SpikeProcessor(MonitorTopology.SPIKE_STATE_STORE, MonitorTopology.SPIKE_WINDOWS_STORE,
                        MonitorTopology.PLANNED_EVENTS_STORE, d, brandNames, metrics), Named.as("negative-spike-detector"),
                        MonitorTopology.SPIKE_STATE_STORE,
                        MonitorTopology.SPIKE_WINDOWS_STORE)
                .to(Topics.ALERTS.name(), Produced.<String, Alert>with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde())
                        .withName("alerts"));
        // Silence vs ingest outage, emerging terms, copy-paste storms, high-reach authors (see CrisisTopology).
        CrisisTopology.wire(builder, brandMentions, d, connectors, brandNames, metrics);
        return builder.build();
    }

    /**
     * How long the timeline windows of {@code size} are kept: 1 minute {@code detection.stateRetention} (but at
     * least a 5-minute window plus the lateness, which the roll-up reads), 5 minutes
     * {@code detection.timelineRetention5m} (but at least an hour plus the lateness, which the roll-up reads), 1 hour
     * {@code detection.timelineRetention1h}; the settings keep each at least as long as the one before.
     */
    public static Duration timelineRetention(DetectionSettings d, Duration size) {
        if (size.equals(TIMELINE_WINDOW)) {
            return max(d.stateRetention(), TIMELINE_5M.plus(d.allowedLateness()).plus(TIMELINE_WINDOW));
        }
        if (size.equals(TIMELINE_5M)) {
            return max(d.timelineRetention5m(), TIMELINE_1H.plus(d.allowedLateness()).plus(TIMELINE_5M));
        }
        if (size.equals(TIMELINE_1H)) {
            return max(d.timelineRetention1h(), TIMELINE_1H.plus(d.allowedLateness()));
        }
        throw new IllegalArgumentException("no timeline windows of " + size);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
